using System.CommandLine;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Export;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl export: a time range of a device as one MP4 file, through the management server's
/// forwarded GET /api/devices/{id}/playback.mp4; resumable (<see cref="ResumableDownload"/>).
/// </summary>
public sealed class ExportCommand : ICommandGroup
{
    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var device = IdArguments.Argument("device", "Device id");
        var range = new TimeRangeOptions(required: true);
        var output = new Option<string>("--output", "-o") { Description = "The MP4 file to write; an interrupted export continues from <file>.part", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists" };
        // For tests of the resumption: a run that stops part-way as if interrupted, deterministically.
        var interruptAt = new Option<long?>("--interrupt-at") { Hidden = true };
        var command = new Command("export", "Export a time range of a device's recordings as one MP4 file (progress bar, resumable)")
            { device, output, force, interruptAt };
        range.AddTo(command);
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var deviceId = parse.GetValue(device)!;
            var (from, to) = range.Resolve(parse, ctx.Clock.GetUtcNow());
            var dataType = parse.GetValue(range.DataType) ?? "video";
            var file = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(file)) throw CliException.Usage($"--output: {file} is a directory; name the file to write.");
            if (File.Exists(file) && !parse.GetValue(force))
                throw new CliException(ExitCodes.Conflict, "Output exists", $"{file} already exists; --force overwrites it.");

            var source = ctx.Api.Resolve($"api/devices/{IdArguments.Path(deviceId)}/playback.mp4?{TimeRangeOptions.Query(from, to, dataType)}");
            var identity = new DownloadSidecar(source.AbsoluteUri, deviceId, dataType, from!.Value, to!.Value, -1, null, null);
            var download = new ResumableDownload(ctx.Api, TransferProgress.For(ctx.Console, ctx.Json, "export"), ctx.Note);
            var result = await download.RunAsync(identity, file, parse.GetValue(force), parse.GetValue(interruptAt), ct);

            return ctx.Print(
                new { file, bytes = result.Bytes, resumedAtBytes = result.ResumedAtBytes, deviceId, dataType, fromUtcMicros = from, toUtcMicros = to },
                $"exported {deviceId} {UtcTimes.Format(from.Value)} to {UtcTimes.Format(to.Value)} into {file} ({Formats.Bytes(result.Bytes)}" +
                (result.ResumedAtBytes > 0 ? $", resumed at byte {result.ResumedAtBytes})" : ")"));
        });
        yield return command;
    }
}
