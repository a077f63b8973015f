using System.Collections.Concurrent;
using System.Diagnostics;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// Runs the CrashWriter program with some arguments, hands each "… ok" line of its output to the
/// caller (a line cut by the kill has no "ok" and is not taken), and kills it with SIGKILL a while
/// after its first such line. The process is killed in every case, also when an assertion fails.
/// </summary>
internal static class CrashChild
{
    public static async Task RunAndKillAsync(IEnumerable<string> arguments, Action<string[]> onLine, TimeSpan afterFirstLine)
    {
        var dll = RepoPaths.ServiceDll("tests/Recording.Tests.CrashWriter", "VmsServices.Recording.Tests.CrashWriter");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var firstLine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            var parts = e.Data?.Split(' ');
            if (parts is not [.., "ok"]) return;
            onLine(parts);
            firstLine.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (await Task.WhenAny(firstLine.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != firstLine.Task)
                Assert.Fail("The crash child reported nothing: " + string.Join('\n', errors));
            await Task.Delay(afterFirstLine);
            Assert.That(process.HasExited, Is.False, "the child still runs: " + string.Join('\n', errors));
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush, no dispose
            await process.WaitForExitAsync();
        }
    }
}
