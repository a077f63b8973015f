using System.Diagnostics;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Export;

/// <summary>
/// Progress of a download, on stderr: a bar redrawn in place on a terminal, plain "42%" lines at
/// each tenth otherwise (a log or a CI job shows them without control characters), none with --json.
/// </summary>
public abstract class TransferProgress
{
    /// <param name="json">With --json, stderr carries only a failure's problem document: no progress.</param>
    public static TransferProgress For(CliConsole console, bool json, string label) =>
        json ? new Silent() : console.ErrorIsTerminal ? new Bar(console.Error, label) : new Lines(console.Error, label);

    public abstract void Report(long done, long total);

    public abstract void Done(long done, long total);

    private static string Percent(long done, long total) => total > 0 ? $"{100 * done / total,3}%" : "   ?";

    private sealed class Silent : TransferProgress
    {
        public override void Report(long done, long total) { }

        public override void Done(long done, long total) { }
    }

    private sealed class Lines(TextWriter error, string label) : TransferProgress
    {
        private long _lastTenth = -1;

        public override void Report(long done, long total)
        {
            var tenth = total > 0 ? 10 * done / total : -1;
            if (tenth <= _lastTenth) return;
            _lastTenth = tenth;
            error.WriteLine($"{label}: {Percent(done, total).Trim()} ({Formats.Bytes(done)} of {Formats.Bytes(total)})");
        }

        public override void Done(long done, long total) => Report(done, total);
    }

    private sealed class Bar(TextWriter error, string label) : TransferProgress
    {
        private const int Width = 30;
        private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastDraw;
        private long _startBytes = -1;

        public override void Report(long done, long total)
        {
            if (_startBytes < 0) _startBytes = done;
            if (_lastDraw is { } last && _clock.Elapsed - last < RedrawInterval) return;
            Draw(done, total);
        }

        public override void Done(long done, long total)
        {
            Draw(done, total);
            error.WriteLine();
        }

        private void Draw(long done, long total)
        {
            _lastDraw = _clock.Elapsed;
            var filled = total > 0 ? (int)(Width * done / total) : 0;
            var rate = (done - Math.Max(_startBytes, 0)) / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            error.Write($"\r{label} {Percent(done, total)} [{new string('#', filled)}{new string('.', Width - filled)}] " +
                        $"{Formats.Bytes(done)} of {Formats.Bytes(total)}, {Formats.Bytes((long)rate)}/s   ");
            error.Flush();
        }
    }
}
