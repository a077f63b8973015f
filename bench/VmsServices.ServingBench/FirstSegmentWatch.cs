using System.Diagnostics;
using VmsServices.Bench;

namespace VmsServices.ServingBench;

/// <summary>
/// Watches for cameras to be recorded again after an instant: polls the given recording servers' own
/// lists (<c>GET /api/devices/{id}/segments?scope=local&amp;fromUtcMicros=</c>) every
/// <see cref="PollInterval"/> until each camera has a segment starting at or after the instant on one
/// of them. A segment is listed only once committed, so the poll that first sees it dates the commit
/// (to within one poll), and its start dates when recording resumed.
/// </summary>
internal static class FirstSegmentWatch
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="DeviceId">The camera.</param>
    /// <param name="ServerId">The server whose list showed it first.</param>
    /// <param name="RecordingAgain">First segment's start minus the instant.</param>
    /// <param name="Listed">From the instant to the poll that first listed that segment.</param>
    public sealed record Found(string DeviceId, string ServerId, TimeSpan RecordingAgain, TimeSpan Listed);

    /// <param name="sinceUtcMicros">The instant (wall clock, UTC µs): only segments starting at or after it count.</param>
    /// <param name="since">Started at that instant: measures <see cref="Found.Listed"/>.</param>
    public static async Task<List<Found>> WaitAsync(IReadOnlyCollection<string> devices, IReadOnlyDictionary<string, HttpClient> servers,
        long sinceUtcMicros, Stopwatch since, TimeSpan timeout, CancellationToken ct, params ChildProcess[] watch)
    {
        var found = new List<Found>();
        var pending = devices.ToHashSet();
        while (pending.Count > 0)
        {
            if (since.Elapsed > timeout)
                throw new InvalidOperationException($"Timed out after {timeout.TotalSeconds:0} s: no segment after the instant of {string.Join(", ", pending)} on {string.Join(", ", servers.Keys)}");
            foreach (var p in watch)
                if (p.HasExited) throw new InvalidOperationException($"{p.Name} exited with {p.ExitCode}:\n{p.Tail}");
            var next = Task.Delay(PollInterval, ct);
            var polls = pending.SelectMany(d => servers.Select(s => (Device: d, Server: s.Key, Poll: FirstAfterAsync(s.Value, d, sinceUtcMicros, since, ct)))).ToList();
            await Task.WhenAll(polls.Select(p => p.Poll));
            foreach (var (device, server, poll) in polls)
            {
                var (start, answeredAt) = await poll;
                if (start is null || !pending.Remove(device)) continue;
                found.Add(new Found(device, server, TimeSpan.FromMicroseconds(start.Value - sinceUtcMicros), answeredAt));
            }
            await next;
        }
        return found;
    }

    /// <summary>
    /// The start of the device's first local segment at or after the instant (null when none yet or the
    /// server did not answer), and when the answer came.
    /// </summary>
    private static async Task<(long? Start, TimeSpan AnsweredAt)> FirstAfterAsync(HttpClient http, string device, long sinceUtcMicros, Stopwatch since, CancellationToken ct)
    {
        try
        {
            var list = await http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{device}/segments?scope=local&fromUtcMicros={sinceUtcMicros}", ct);
            return (list.Where(s => s.StartUtcMicros >= sinceUtcMicros).Select(s => (long?)s.StartUtcMicros).Min(), since.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, since.Elapsed); // a server busy starting up: the next poll asks again
        }
    }
}
