using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using VmsServices.Messages;

namespace VmsServices.ServingBench;

/// <summary>The baseline's trivial message: the bench publishes it and consumes it itself on the same broker.</summary>
public sealed record ServingBenchPing(long Sequence);

/// <summary>
/// Task 3: SegmentsStored → association table over RabbitMQ. The bench publishes SegmentsStored
/// as if from rec-a (a holder of cam-1 in rec-b's copy) with a segment whose start is unique (far in
/// the past, so it cannot collide with recorded ones), then polls rec-b's merged list for exactly
/// that instant until it appears. Baseline, interleaved one for one: the bench's own publish →
/// consume of a trivial message on the same virtual host.
/// </summary>
internal static class EventsBench
{
    private static readonly long Base = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;

    public static async Task<Table> RunAsync(Cluster cluster, Options o, CancellationToken ct)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        var pending = new ConcurrentDictionary<long, TaskCompletionSource<long>>();
        var url = new Uri(cluster.RabbitMqUrl);
        var user = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(url.Host, (ushort)url.Port, url.AbsolutePath.Trim('/'), h =>
            {
                h.Username(user[0]);
                h.Password(user.Length > 1 ? user[1] : "");
            });
            cfg.ReceiveEndpoint("serving-bench-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<ServingBenchPing>(ctx =>
                {
                    if (pending.TryRemove(ctx.Message.Sequence, out var done)) done.TrySetResult(Stopwatch.GetTimestamp());
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(ct);
        try
        {
            var recB = cluster.Recorders["rec-b"].Http;
            var ping = new List<double>();
            var stored = new List<double>();
            var polls = new List<double>();
            var pollsPerEvent = new List<double>();
            var total = o.Events + Math.Min(20, o.Events);
            for (var i = 0; i < total; i++)
            {
                var warm = i < total - o.Events;
                // Baseline: publish -> own consumer.
                var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                pending[i] = tcs;
                var t0 = Stopwatch.GetTimestamp();
                var sent = bus.Publish(new ServingBenchPing(i), ct);
                var t1 = await tcs.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                await sent;
                if (!warm) ping.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);

                // SegmentsStored from "rec-a" -> rec-b's table, observed through rec-b's API.
                var start = Base + (long)i * 1_000_000;
                var path = $"/api/devices/{MovedCamera.Device}/segments?fromUtcMicros={start}&toUtcMicros={start + 1}";
                // Polling starts with the publish (not after the broker's confirm), so the resolution is one poll.
                var s0 = Stopwatch.GetTimestamp();
                var publish = bus.Publish(new SegmentsStored("rec-a", MovedCamera.Device, DataTypes.Video, [new SegmentRef(start, start + 1_000_000, 1)],
                    DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000), ct);
                var n = 0;
                while (true)
                {
                    var p0 = Stopwatch.GetTimestamp();
                    var list = await recB.GetJsonAsync<List<SegmentDto>>(path, ct);
                    var p1 = Stopwatch.GetTimestamp();
                    n++;
                    if (!warm) polls.Add(Stopwatch.GetElapsedTime(p0, p1).TotalMilliseconds);
                    if (list.Any(s => s.StartUtcMicros == start)) break;
                    if (Stopwatch.GetElapsedTime(s0).TotalSeconds > 30) throw new InvalidOperationException($"rec-b's table did not list the segment {start} within 30 s");
                }
                var observed = Stopwatch.GetTimestamp();
                await publish;
                if (!warm)
                {
                    stored.Add(Stopwatch.GetElapsedTime(s0, observed).TotalMilliseconds);
                    pollsPerEvent.Add(n);
                }
            }

            var table = new Table($"3. SegmentsStored -> association table over RabbitMQ ({o.Events} events, interleaved with as many pings)",
                "path", "p50 ms", "p95 ms", "p99 ms", "mean ms", "max ms");
            void Row(string name, List<double> v) => table.Add(name, $"{Stats.Median(v):0.00}", $"{Stats.Percentile(v, 95):0.00}", $"{Stats.Percentile(v, 99):0.00}", $"{v.Average():0.00}", $"{v.Max():0.00}");
            Row("baseline: bench publish -> bench consumer", ping);
            Row("SegmentsStored publish -> listed by rec-b", stored);
            Row("  of which one poll of rec-b (HTTP GET)", polls);
            table.Add("ratio (p50, p99)", $"{Stats.Median(stored) / Stats.Median(ping):0.00}x", "", $"{Stats.Percentile(stored, 99) / Stats.Percentile(ping, 99):0.00}x", "", "");
            table.Notes.Add($"overhead over the bare broker round trip at p50: {Stats.Median(stored) - Stats.Median(ping):+0.00;-0.00} ms, of which up to one poll (p50 {Stats.Median(polls):0.00} ms; {pollsPerEvent.Average():0.0} polls per event on average) is observation resolution");
            table.Notes.Add("observed with GET /api/devices/cam-1/segments?fromUtcMicros=t&toUtcMicros=t+1 on rec-b (current: merged list, read from the same association table as /api/association?detail=true, without listing everything)");
            return table;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
