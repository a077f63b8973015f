using VmsServices.Hosting.Security;
using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ErrorQueues;

namespace VmsServices.Management.Api;

/// <summary>
/// Failed messages of the whole system (MassTransit error queues on RabbitMQ): list, peek, show,
/// retry and purge. On the in-memory bus every endpoint answers 501 with the reason.
/// </summary>
public static class ErrorQueuesApi
{
    public static IEndpointRouteBuilder MapErrorQueuesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/errors").WithTags("Failed messages").RequireAdminister().AddEndpointFilter(RabbitMqOnly);
        api.MapGet("/", (ErrorQueueService errors, CancellationToken ct) => errors.ListAsync(ct));
        api.MapGet("/{queue}", (string queue, int? offset, int? limit, ErrorQueueService errors, CancellationToken ct) =>
        {
            var (from, count) = Page(offset, limit);
            return errors.PeekAsync(ErrorQueueName.Parse(queue), from, count, ct);
        });
        api.MapGet("/{queue}/{messageId}", (string queue, string messageId, ErrorQueueService errors, CancellationToken ct) =>
            errors.GetAsync(ErrorQueueName.Parse(queue), FailedMessageId.Parse(messageId), ct));
        api.MapPost("/{queue}/retry", (string queue, ErrorQueueService errors, CancellationToken ct) =>
            errors.RetryAllAsync(ErrorQueueName.Parse(queue), ct));
        api.MapPost("/{queue}/{messageId}/retry", (string queue, string messageId, ErrorQueueService errors, CancellationToken ct) =>
            errors.RetryAsync(ErrorQueueName.Parse(queue), FailedMessageId.Parse(messageId), ct));
        api.MapDelete("/{queue}", (string queue, ErrorQueueService errors, CancellationToken ct) =>
            errors.PurgeAsync(ErrorQueueName.Parse(queue), ct));
        api.MapDelete("/{queue}/{messageId}", (string queue, string messageId, ErrorQueueService errors, CancellationToken ct) =>
            errors.DeleteAsync(ErrorQueueName.Parse(queue), FailedMessageId.Parse(messageId), ct));
        return app;
    }

    private static async ValueTask<object?> RabbitMqOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        return services.GetRequiredService<ErrorQueueBroker>().Unsupported(services.GetService<IBus>()) is { } reason
            ? TypedResults.Problem(reason, statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented")
            : await next(context);
    }

    private static (int Offset, int Limit) Page(int? offset, int? limit)
    {
        var from = offset ?? 0;
        var count = limit ?? ErrorQueueLimits.DefaultPageSize;
        if (from < 0) throw new InvalidRequestException("offset must be 0 or more.");
        if (count is < 1 or > ErrorQueueLimits.MaxPageSize) throw new InvalidRequestException($"limit must be between 1 and {ErrorQueueLimits.MaxPageSize}.");
        if (from + count > ErrorQueueLimits.MaxPeekMessages)
            throw new InvalidRequestException($"offset + limit must be at most {ErrorQueueLimits.MaxPeekMessages}: a peek holds that many messages at most (retry or purge the queue's head to see further).");
        return (from, count);
    }
}
