using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting.Bus;

/// <summary>
/// Around the handling of each message of type <typeparamref name="T"/> on a node's endpoint, outside
/// its retries: opens the <see cref="MessageLogScope"/> and counts the message as consumed, or as
/// faulted when it still fails after the retries (then it goes to the error queue), and logs it at
/// Debug.
/// </summary>
public sealed class ConsumeObservabilityFilter<T>(ILogger log, BusMetrics? metrics) : IFilter<ConsumeContext<T>>
    where T : class
{
    private static readonly string MessageType = typeof(T).Name;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        using (log.BeginScope(MessageLogScope.For(context)))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next.Send(context);
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                metrics?.Faulted(MessageType);
                log.LogWarning("{MessageType} {MessageId} failed after its retries: {Error}", MessageType, context.MessageId, e.Message);
                throw;
            }
            metrics?.Consumed(MessageType);
            // Debug: with Logging:LogLevel:VmsServices.Bus=Debug every message handled shows in the log,
            // e.g. the ConfigurationChanged of a move on the server the device leaves.
            log.LogDebug("{MessageType} {MessageId} handled in {ElapsedMs} ms", MessageType, context.MessageId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("vmsConsumeObservability");
}
