package io.hookline.receiver.admin;

import io.micronaut.core.bind.ArgumentBinder;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Hands an admin endpoint the body {@link AdminBodyFilter} read. Bound after the filters ran
 * (postponed); without the filter's reading the argument is unsatisfied and the request refused,
 * never bound to an unchecked body.
 */
@Singleton
public class AdminRequestBodyBinder implements TypedRequestArgumentBinder<AdminRequestBody>,
        PostponedRequestArgumentBinder<AdminRequestBody> {

    @Override
    public Argument<AdminRequestBody> argumentType() {
        return Argument.of(AdminRequestBody.class);
    }

    @Override
    public ArgumentBinder.BindingResult<AdminRequestBody> bind(ArgumentConversionContext<AdminRequestBody> context,
            HttpRequest<?> source) {
        Optional<AdminRequestBody> body = source.getAttribute(AdminBodyFilter.ATTRIBUTE, AdminRequestBody.class);
        return body.isPresent() ? () -> body : ArgumentBinder.BindingResult.unsatisfied();
    }
}
