using VmsServices.Bench;
using VmsServices.Management.Api;
using VmsServices.Management.Failover;
using VmsServices.Management.Moves;
using VmsServices.Messages;

namespace VmsServices.ServingBench;

/// <summary>What the failover benchmark asks the management server, through its public API.</summary>
internal static class FleetCalls
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Each server's state (registered/online/failed) and device count.</summary>
    public static Task<List<RecordingServerStatus>> ServerStatusAsync(this Cluster cluster, CancellationToken ct) =>
        cluster.Management.GetJsonAsync<List<RecordingServerStatus>>("/api/recording-servers/status", ct);

    /// <summary>Each device's current recording server (its video row).</summary>
    public static async Task<Dictionary<string, string>> CurrentOwnersAsync(this Cluster cluster, CancellationToken ct) =>
        (await cluster.Management.GetJsonAsync<ConfigurationTableResponse>("/api/configuration-table", ct)).Entries
            .Where(e => e.IsCurrent && e.DataType == DataTypes.Video).ToDictionary(e => e.DeviceId, e => e.RecordingServerId);

    /// <summary>The move history, newest first.</summary>
    public static Task<List<MoveResponse>> MovesAsync(this Cluster cluster, CancellationToken ct) =>
        cluster.Management.GetJsonAsync<List<MoveResponse>>("/api/moves?limit=1000", ct);

    public static Task WaitOnlineAsync(this Cluster cluster, IReadOnlyCollection<string> servers, CancellationToken ct, params ChildProcess[] watch) =>
        Net.Until(() => cluster.ServerStatusAsync(ct), s => servers.All(id => s.Any(x => x.Id == id && x.State == ServerStates.Online)),
            Patience, $"{string.Join(", ", servers)} online at the management server", ct, watch);

    public static Task WaitMovesEndedAsync(this Cluster cluster, CancellationToken ct, params ChildProcess[] watch) =>
        Net.Until(() => cluster.MovesAsync(ct), m => !m.Any(x => MoveStates.IsRunning(x.State)), Patience, "every move to end", ct, watch);
}
