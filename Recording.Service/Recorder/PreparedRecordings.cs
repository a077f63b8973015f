using VmsServices.Messages;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Devices this server records for a move before the configuration table names it current
/// (make-before-break, seed 000 FIG. 8/9): the supervisor records these on top of its current
/// devices. An entry leaves when the move is cancelled or, if the move never completes here,
/// after <see cref="RecorderOptions.PreparedRecordingLifetime"/>; once the copy names this server
/// current the entry is redundant and the recording simply continues.
/// </summary>
public sealed class PreparedRecordings(RecorderOptions options, TimeProvider clock)
{
    private sealed record Entry(Guid MoveId, DeviceRecord Device, DateTimeOffset ExpiresUtc);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Raised after an entry was added or removed.</summary>
    public event Action? Changed;

    /// <summary>Adds (or refreshes, for a repeated command) the prepared recording of a device.</summary>
    public void Add(Guid moveId, DeviceRecord device)
    {
        lock (_gate) _entries[device.Id] = new Entry(moveId, device, clock.GetUtcNow() + options.PreparedRecordingLifetime);
        Changed?.Invoke();
    }

    /// <summary>Removes the device's prepared recording if it belongs to <paramref name="moveId"/>.</summary>
    public bool Remove(string deviceId, Guid moveId)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(deviceId, out var e) || e.MoveId != moveId) return false;
            _entries.Remove(deviceId);
        }
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Drops the entries of devices the copy now names this server current for: the move took effect,
    /// so from now on only the copy decides (a later move away must stop the recording).
    /// </summary>
    public void Adopt(IEnumerable<string> currentDeviceIds)
    {
        lock (_gate)
            foreach (var id in currentDeviceIds) _entries.Remove(id);
    }

    /// <summary>The prepared devices that have not expired; expired ones are dropped.</summary>
    public IReadOnlyList<DeviceRecord> Active()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _entries.Where(e => e.Value.ExpiresUtc <= now).Select(e => e.Key).ToList()) _entries.Remove(expired);
            return _entries.Values.Select(e => e.Device).ToList();
        }
    }
}
