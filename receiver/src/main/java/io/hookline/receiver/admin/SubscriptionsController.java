package io.hookline.receiver.admin;

import io.hookline.receiver.subscriptions.SubscriptionService;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;

/**
 * {@code /admin/subscriptions}: outbound endpoints a team manages at run time, behind the admin
 * token. A secret is shown in the answer that made it, and never again.
 */
@Controller("/admin/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SubscriptionsController {

    private static final int MAX_LIMIT = 200;

    private final AdminAuth auth;
    private final SubscriptionService subscriptions;
    private final SubscriptionStore store;

    public SubscriptionsController(AdminAuth auth, SubscriptionService subscriptions, SubscriptionStore store) {
        this.auth = auth;
        this.subscriptions = subscriptions;
        this.store = store;
    }

    @Post
    public HttpResponse<AdminViews.SubscriptionView> create(HttpRequest<?> request, @Nullable @Body Map<String, Object> body) {
        auth.check(request);
        SubscriptionService.Shown created = subscriptions.create(body == null ? Map.of() : body);
        return HttpResponse.status(HttpStatus.CREATED).body(AdminViews.SubscriptionView.of(created.subscription(),
                created.secret()));
    }

    @Get
    public AdminViews.SubscriptionList list(HttpRequest<?> request) {
        auth.check(request);
        return new AdminViews.SubscriptionList(subscriptions.list().stream()
                .map(subscription -> AdminViews.SubscriptionView.of(subscription, null)).toList());
    }

    @Get("/{id}")
    public AdminViews.SubscriptionView get(HttpRequest<?> request, @PathVariable String id) {
        auth.check(request);
        return AdminViews.SubscriptionView.of(subscriptions.find(id), null);
    }

    @Patch("/{id}")
    public AdminViews.SubscriptionView patch(HttpRequest<?> request, @PathVariable String id,
            @Nullable @Body Map<String, Object> body) {
        auth.check(request);
        return AdminViews.SubscriptionView.of(subscriptions.update(id, body == null ? Map.of() : body), null);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(HttpRequest<?> request, @PathVariable String id) {
        auth.check(request);
        subscriptions.delete(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/rotate-secret")
    public AdminViews.SubscriptionView rotate(HttpRequest<?> request, @PathVariable String id) {
        auth.check(request);
        SubscriptionService.Shown rotated = subscriptions.rotate(id);
        return AdminViews.SubscriptionView.of(rotated.subscription(), rotated.secret());
    }

    @Post("/{id}/test")
    public AdminViews.TestAnswer test(HttpRequest<?> request, @PathVariable String id) {
        auth.check(request);
        return AdminViews.TestAnswer.of(subscriptions.test(id));
    }

    @Get("/{id}/deliveries")
    public AdminViews.SubscriptionDeliveries deliveries(HttpRequest<?> request, @PathVariable String id,
            @Nullable @QueryValue String status, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String before) {
        auth.check(request);
        Subscription subscription = subscriptions.find(id);
        int size = QueryParameters.limit(limit, 50, MAX_LIMIT);
        DeliveryStatus wanted = QueryParameters.status(status);
        var found = store.deliveries(subscription.name(), wanted, before, size);
        return AdminViews.SubscriptionDeliveries.of(found, found.size() == size ? found.get(found.size() - 1).eventId() : null);
    }
}
