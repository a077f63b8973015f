using System.Net;
using System.Net.Http.Json;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>The move part of the management API (seed 000 FIG. 8/9).</summary>
public static class MoveClient
{
    public sealed record Move(Guid Id, string DeviceId, string FromRecordingServerId, string ToRecordingServerId, string State, string? Reason);

    /// <summary>Moves a device and returns the HTTP status with the move (or problem) body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> MoveAsync(this ServiceClient management, string deviceId, string toServer)
    {
        using var response = await management.Http.PostAsJsonAsync($"/api/devices/{deviceId}/move", new { toRecordingServerId = toServer });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<IReadOnlyList<Move>> MovesAsync(this ServiceClient management, string deviceId) =>
        (await management.Http.GetFromJsonAsync<List<Move>>($"/api/moves?deviceId={deviceId}"))!;

    /// <summary>The largest hole in the union of the given segment lists (seconds), within [from, to).</summary>
    public static double LargestHoleSeconds(IEnumerable<Segment> segments, long fromUtcMicros, long toUtcMicros)
    {
        var covered = fromUtcMicros;
        var largest = 0L;
        foreach (var s in segments.Where(s => s.EndUtcMicros > fromUtcMicros && s.StartUtcMicros < toUtcMicros).OrderBy(s => s.StartUtcMicros))
        {
            largest = Math.Max(largest, s.StartUtcMicros - covered);
            covered = Math.Max(covered, s.EndUtcMicros);
        }
        return Math.Max(largest, toUtcMicros - covered) / 1e6;
    }
}
