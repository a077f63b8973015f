namespace VmsServices.SimCamera.Onvif.Auth;

/// <summary>
/// A bounded map whose entries expire: the nonces seen (UsernameToken replay detection) or issued (HTTP Digest).
/// Entries are added with non-decreasing expiry, so the oldest is always first; past the capacity the oldest goes,
/// which keeps memory bounded whatever a client sends. Thread-safe.
/// </summary>
internal sealed class ExpiringCache<TValue>(int capacity) where TValue : class
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (TValue Value, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Adds <paramref name="key"/> unless a live entry has it; false when it is already there.</summary>
    public bool TryAdd(string key, TValue value, DateTimeOffset expires, DateTimeOffset now)
    {
        lock (_gate)
        {
            Purge(now);
            if (_entries.ContainsKey(key)) return false;
            while (_entries.Count >= capacity && _order.TryDequeue(out var oldest)) _entries.Remove(oldest);
            _entries[key] = (value, expires);
            _order.Enqueue(key);
            return true;
        }
    }

    /// <summary>The live entry for <paramref name="key"/>, or null.</summary>
    public TValue? Find(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            Purge(now);
            return _entries.TryGetValue(key, out var entry) ? entry.Value : null;
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_order.TryPeek(out var key) && (!_entries.TryGetValue(key, out var entry) || entry.Expires <= now))
        {
            _order.Dequeue();
            _entries.Remove(key);
        }
    }
}
