using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VmsServices.Hosting;

namespace VmsServices.Operations.Tests.Resilience;

/// <summary>A background loop's pass that throws is logged and the loop goes on; stopping still stops it.</summary>
public class BackgroundPassTests
{
    private sealed class Captured : ILogger
    {
        public List<(LogLevel Level, string Text, Exception? Error)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel level) => true;
        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format) => Entries.Add((level, format(state, e), e));
    }

    [Test]
    public async Task An_unforeseen_exception_is_logged_as_an_error_with_the_pass_named_and_the_next_pass_runs()
    {
        var log = new Captured();
        var passes = 0;
        using var stopping = new CancellationTokenSource();
        var results = new List<bool>();
        for (var i = 0; i < 2; i++)
            results.Add(await BackgroundPass.RunAsync(log, "Association resynchronization of cam-1",
                () => ++passes == 1 ? throw new SocketException((int)SocketError.NotConnected) : Task.CompletedTask, stopping.Token));

        Assert.That(results, Is.EqualTo(new[] { false, true }));
        Assert.That(passes, Is.EqualTo(2));
        Assert.That(log.Entries, Has.Count.EqualTo(1));
        Assert.That(log.Entries[0].Level, Is.EqualTo(LogLevel.Error));
        Assert.That(log.Entries[0].Text, Does.Contain("Association resynchronization of cam-1"));
        Assert.That(log.Entries[0].Error, Is.TypeOf<SocketException>());
    }

    [Test]
    public async Task A_timeout_inside_a_pass_is_a_failed_pass_but_the_host_stopping_propagates()
    {
        using var stopping = new CancellationTokenSource();
        Assert.That(await BackgroundPass.RunAsync(new Captured(), "refresh", () => throw new TaskCanceledException("timed out"), stopping.Token), Is.False);
        stopping.Cancel();
        await Assert.ThatAsync(() => BackgroundPass.RunAsync(new Captured(), "refresh", () => Task.FromCanceled(stopping.Token), stopping.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
