package io.hookline.receiver.admin;

import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.subscriptions.SubscriptionService;
import io.hookline.receiver.subscriptions.SubscriptionsConfig;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
 * token. A secret is shown in the answer that made it, and never again; an Ed25519 public key in
 * every answer.
 */
@Controller("/admin/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SubscriptionsController {

    private static final int MAX_LIMIT = 200;

    private final SubscriptionService subscriptions;
    private final SubscriptionStore store;
    private final SubscriptionsConfig config;

    public SubscriptionsController(SubscriptionService subscriptions, SubscriptionStore store, SubscriptionsConfig config) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.config = config;
    }

    @Post
    public HttpResponse<AdminViews.SubscriptionView> create(AdminRequestBody body) {
        SubscriptionService.Shown created = subscriptions.create(fields(body));
        return HttpResponse.status(HttpStatus.CREATED).body(view(created.subscription(),
                created.secret()));
    }

    @Get
    public AdminViews.SubscriptionList list() {
        return new AdminViews.SubscriptionList(subscriptions.list().stream()
                .map(subscription -> view(subscription, null)).toList());
    }

    @Get("/{id}")
    public AdminViews.SubscriptionView get(@PathVariable String id) {
        return view(subscriptions.find(id), null);
    }

    @Patch("/{id}")
    public AdminViews.SubscriptionView patch(@PathVariable String id, AdminRequestBody body) {
        return view(subscriptions.update(id, fields(body)), null);
    }

    private AdminViews.SubscriptionView view(Subscription subscription, String secretShownOnce) {
        return AdminViews.SubscriptionView.of(subscription, config.eventForm(subscription), secretShownOnce);
    }

    private static Map<String, Object> fields(AdminRequestBody body) {
        return body.fields(SubscriptionService.FIELDS, "a subscription");
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable String id) {
        subscriptions.delete(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/rotate-secret")
    public AdminViews.SubscriptionView rotate(@PathVariable String id, AdminRequestBody body) {
        SubscriptionService.Shown rotated = subscriptions.rotate(id,
                body.fields(SubscriptionService.ROTATE_FIELDS, "a rotation"));
        return view(rotated.subscription(), rotated.secret());
    }

    @Post("/{id}/test")
    public AdminViews.TestAnswer test(@PathVariable String id) {
        return AdminViews.TestAnswer.of(subscriptions.test(id));
    }

    @Get("/{id}/deliveries")
    public AdminViews.SubscriptionDeliveries deliveries(@PathVariable String id,
            @Nullable @QueryValue String status, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String before) {
        int size = QueryParameters.limit(limit, 50, MAX_LIMIT);
        DeliveryStatus wanted = QueryParameters.deliveryStatus(status);
        Subscription subscription = subscriptions.find(id);
        var found = store.deliveries(subscription.name(), wanted, before, size);
        return AdminViews.SubscriptionDeliveries.of(found, found.size() == size ? found.get(found.size() - 1).eventId() : null);
    }
}
