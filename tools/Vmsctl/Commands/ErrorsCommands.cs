using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl errors list|show|retry|purge: failed messages, kept in MassTransit's error queues on
/// RabbitMQ (/api/errors). A management server on the in-memory bus answers 501: exit 1, since
/// asking again will not help.
/// </summary>
public sealed class ErrorsCommands : ICommandGroup
{
    private const string Path = "api/errors";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var errors = new Command("errors", "Failed messages: the error queues of the bus (RabbitMQ only)");
        errors.Subcommands.Add(List(globals));
        errors.Subcommands.Add(Show(globals));
        errors.Subcommands.Add(Retry(globals));
        errors.Subcommands.Add(Purge(globals));
        yield return errors;
    }

    private static Command List(GlobalOptions globals)
    {
        var command = new Command("list", "The error queues of the system and how many failed messages wait in each");
        SetAction(globals, command, async (ctx, _, ct) =>
        {
            var json = await ctx.Api.GetJsonAsync(Path, ct);
            return ctx.Print(json, () =>
            {
                var table = new TextTable("QUEUE", "FAILS FROM", "MESSAGES", "CONSUMERS");
                foreach (var q in json.As<List<ErrorQueue>>()) table.Add(q.Queue, q.SourceQueue, Count(q.Messages), Count(q.Consumers));
                ctx.WriteTable(table);
            });
        });
        return command;
    }

    private static Command Show(GlobalOptions globals)
    {
        var queue = ErrorQueueArguments.Queue();
        var id = ErrorQueueArguments.MessageId("One message to show in full (headers, body, stack trace); without it, a page of the queue");
        var offset = new Option<int?>("--offset") { Description = "Skip this many messages from the head of the queue [default: 0]" };
        var limit = new Option<int?>("--limit") { Description = "At most this many messages (1-200) [default: 50]" };
        var command = new Command("show", "Failed messages of an error queue, in queue order, left where they are") { queue, id, offset, limit };
        SetAction(globals, command, async (ctx, parse, ct) =>
        {
            var path = $"{Path}/{ErrorQueueArguments.QueuePath(parse.GetValue(queue)!)}";
            if (parse.GetValue(id) is { } messageId)
            {
                var one = await ctx.Api.GetJsonAsync($"{path}/{ErrorQueueArguments.IdPath(messageId)}", ct);
                return ctx.Print(one, () => FailedMessageText.Write(ctx.Out, ErrorQueueArguments.QueueName(parse.GetValue(queue)!), one.As<FailedMessageDetail>()));
            }
            var query = new List<string>();
            if (parse.GetValue(offset) is { } o) query.Add($"offset={o}");
            if (parse.GetValue(limit) is { } n) query.Add($"limit={n}");
            var json = await ctx.Api.GetJsonAsync(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
            return ctx.Print(json, () =>
            {
                var page = json.As<FailedMessagePage>();
                ctx.Out.WriteLine(page.Messages.Count == 0
                    ? $"{page.Queue}: {Count(page.Total)} failed message(s), none from {page.Offset + 1}"
                    : $"{page.Queue}: {Count(page.Total)} failed message(s), {page.Offset + 1}-{page.Offset + page.Messages.Count} shown");
                ctx.WriteTable(FailedMessageText.Table(page.Messages));
                if (page.Truncated) ctx.Note("the page stops early: a peek holds at most 1000 messages or 64 MiB");
            });
        });
        return command;
    }

    private static Command Retry(GlobalOptions globals)
    {
        var queue = ErrorQueueArguments.Queue();
        var id = ErrorQueueArguments.MessageId("The message to send back");
        var all = new Option<bool>("--all") { Description = "Send back every message the queue holds" };
        var command = new Command("retry", "Send failed messages back to the queue they failed from (once the fault is fixed)") { queue, id, all };
        SetAction(globals, command, async (ctx, parse, ct) =>
        {
            var path = $"{Path}/{ErrorQueueArguments.QueuePath(parse.GetValue(queue)!)}";
            var messageId = OneOrAll(parse.GetValue(id), parse.GetValue(all), "retry");
            var answer = await ctx.Api.PostJsonAsync(messageId is null ? $"{path}/retry" : $"{path}/{ErrorQueueArguments.IdPath(messageId)}/retry", new { }, ct);
            var result = answer.Json.As<ErrorQueueRetryResult>();
            return ctx.Print(answer.Json, () => ctx.Out.WriteLine($"retried {result.Retried} message(s) from {result.Queue} to {result.SourceQueue}"));
        });
        return command;
    }

    private static Command Purge(GlobalOptions globals)
    {
        var queue = ErrorQueueArguments.Queue();
        var id = ErrorQueueArguments.MessageId("The message to delete");
        var all = new Option<bool>("--all") { Description = "Delete every message of the queue" };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the messages are deleted for good" };
        var command = new Command("purge", "Delete failed messages for good (retry sends them back instead)") { queue, id, all, yes };
        SetAction(globals, command, async (ctx, parse, ct) =>
        {
            var path = $"{Path}/{ErrorQueueArguments.QueuePath(parse.GetValue(queue)!)}";
            var messageId = OneOrAll(parse.GetValue(id), parse.GetValue(all), "purge");
            if (!parse.GetValue(yes))
                throw CliException.Usage("purge deletes failed messages for good: add --yes to confirm (vmsctl errors retry sends them back instead).");
            var answer = await ctx.Api.DeleteAsync(messageId is null ? path : $"{path}/{ErrorQueueArguments.IdPath(messageId)}", ct);
            var result = answer.Json.As<ErrorQueueRemoveResult>();
            return ctx.Print(answer.Json, () => ctx.Out.WriteLine($"deleted {result.Removed} message(s) from {result.Queue}"));
        });
        return command;
    }

    /// <summary>The message id, or null for --all; exactly one of them.</summary>
    private static string? OneOrAll(string? id, bool all, string verb) => (id, all) switch
    {
        (null, true) => null,
        ({ } one, false) => one,
        (null, false) => throw CliException.Usage($"errors {verb}: name a message id, or --all for every message of the queue."),
        _ => throw CliException.Usage($"errors {verb}: a message id and --all exclude each other."),
    };

    /// <summary>Every action of the group: 501 (the bus is in-memory) is a failure, not a server that is down.</summary>
    private static void SetAction(GlobalOptions globals, Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> action) =>
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            try
            {
                return await action(ctx, parse, ct);
            }
            catch (ApiProblemException e) when (e.Status == 501)
            {
                throw new CliException(ExitCodes.Failure, e.Title, e.Detail, e.Problem);
            }
        });

    private static string Count(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
