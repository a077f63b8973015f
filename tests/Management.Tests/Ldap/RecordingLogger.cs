using Microsoft.Extensions.Logging;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>Keeps every message (and exception) logged, so a test can look for what must never be written.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get { lock (_entries) return [.. _entries]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
