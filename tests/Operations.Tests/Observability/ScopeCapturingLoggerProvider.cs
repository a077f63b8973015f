using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VmsServices.Operations.Tests.Observability;

/// <summary>Keeps every log line with the values of the scopes it was written in (as the JSON console format shows them).</summary>
internal sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Line(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);

    public ConcurrentQueue<Line> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(ScopeCapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((s, values) =>
            {
                if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) values[key] = value;
            }, scope);
            owner.Lines.Enqueue(new Line(category, logLevel, formatter(state, exception), scope));
        }
    }
}
