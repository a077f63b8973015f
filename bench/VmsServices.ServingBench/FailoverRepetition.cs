using System.Diagnostics;
using VmsServices.Bench;
using VmsServices.Management.Moves;

namespace VmsServices.ServingBench;

/// <summary>One repetition's outcome: which server was killed, and per camera where and when it was recorded again.</summary>
internal sealed record FailoverRepetition(int Number, string Killed, IReadOnlyList<FirstSegmentWatch.Found> Cameras, TimeSpan? MoveRequested, TimeSpan OnlineAgain, IReadOnlyList<string> Notes)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public string Line() =>
        $"rep {Number,2}: killed {Killed} ({Cameras.Count} cameras): "
        + string.Join(", ", Cameras.OrderBy(c => c.DeviceId, StringComparer.Ordinal).Select(c => $"{c.DeviceId} -> {c.ServerId} {c.RecordingAgain.TotalSeconds:0.0} s / {c.Listed.TotalSeconds:0.0} s"))
        + $"; failover move requested {Seconds(MoveRequested)} s, {Killed} online again {OnlineAgain.TotalSeconds:0.0} s after the kill"
        + string.Concat(Notes.Select(n => $"; NOTE: {n}"));

    public static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0}" : "-";

    /// <summary>
    /// Kills (SIGKILL) the online server holding the most of <paramref name="cameras"/> (ties: the one killed
    /// least often in <paramref name="kills"/>, then the smaller id, so that every server takes its turn), waits for each of its cameras' first segment on a survivor, lets the failover moves end,
    /// restarts the killed server and waits until the management server shows it online.
    /// </summary>
    public static async Task<FailoverRepetition> RunAsync(Cluster cluster, int number, IReadOnlyCollection<string> cameras, IEnumerable<string> recorderSettings,
        IReadOnlyDictionary<string, int> kills, CancellationToken ct)
    {
        ChildProcess[] Alive(string? except = null) =>
            [cluster.Camera!, cluster.ManagementProcess, .. cluster.Recorders.Where(r => r.Key != except).Select(r => r.Value.Process)];

        // A move still running (e.g. rebalancing after the last return) would blur what this kill causes.
        await cluster.WaitMovesEndedAsync(ct, Alive());
        var owners = await cluster.CurrentOwnersAsync(ct);
        var online = (await cluster.ServerStatusAsync(ct)).Where(s => s.State == Management.Failover.ServerStates.Online).Select(s => s.Id).ToHashSet();
        var victim = cluster.Recorders.Keys.Where(online.Contains)
            .OrderByDescending(id => cameras.Count(c => owners.GetValueOrDefault(c) == id)).ThenBy(id => kills.GetValueOrDefault(id)).ThenBy(id => id, StringComparer.Ordinal).First();
        var held = cameras.Where(c => owners.GetValueOrDefault(c) == victim).ToList();
        if (held.Count == 0) throw new InvalidOperationException($"no online server holds any of {string.Join(", ", cameras)}");
        var survivors = cluster.Recorders.Where(r => r.Key != victim).ToDictionary(r => r.Key, r => r.Value.Http);

        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var sinceKill = Stopwatch.StartNew();
        cluster.Recorders[victim].Process.Kill();
        var found = await FirstSegmentWatch.WaitAsync(held, survivors, killedAt, sinceKill, Patience, ct, Alive(victim));
        await cluster.Recorders[victim].Process.WaitForExitAsync(ct);

        // The table follows: every camera current on a survivor, the failover moves ended.
        var after = await Net.Until(() => cluster.CurrentOwnersAsync(ct), o => held.All(c => o.GetValueOrDefault(c) != victim), Patience,
            $"{victim}'s cameras to be current elsewhere", ct, Alive(victim));
        await cluster.WaitMovesEndedAsync(ct, Alive(victim));
        var notes = found.Where(f => after.GetValueOrDefault(f.DeviceId) != f.ServerId)
            .Select(f => $"{f.DeviceId} was recorded again on {f.ServerId} but is current on {after.GetValueOrDefault(f.DeviceId)}").ToList();
        var moves = (await cluster.MovesAsync(ct)).Where(m => held.Contains(m.DeviceId) && m.RequestedBy == MoveRequesters.Failover && m.RequestedUtcMicros >= killedAt).ToList();
        TimeSpan? requested = moves.Count > 0 ? TimeSpan.FromMicroseconds(moves.Min(m => m.RequestedUtcMicros) - killedAt) : null;
        if (moves.Any(m => m.State != MoveStates.Completed)) notes.Add($"failover moves not all completed: {string.Join(", ", moves.Select(m => $"{m.DeviceId} {m.State}"))}");

        await cluster.RestartRecorderAsync(victim, recorderSettings, ct);
        await cluster.WaitOnlineAsync([victim], ct, Alive());
        return new FailoverRepetition(number, victim, found, requested, sinceKill.Elapsed, notes);
    }
}
