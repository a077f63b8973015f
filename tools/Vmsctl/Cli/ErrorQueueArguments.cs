using System.CommandLine;
using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// An error queue ("vms-management_error", or its node queue "vms-management" for short) and a
/// failed message's id, checked before they go into a URL path; the server checks that the queue
/// is one of the system's.
/// </summary>
public static partial class ErrorQueueArguments
{
    public const string Suffix = "_error";

    public static Argument<string> Queue()
    {
        var argument = new Argument<string>("queue") { Description = "Error queue (vms-management_error), or the node queue it belongs to (vms-management)" };
        argument.Validators.Add(r => PatternCheck.Last(r, QueuePattern(), "is not a queue name: lower-case letters, digits, '.', '_' or '-'"));
        return argument;
    }

    public static Argument<string> MessageId(string description)
    {
        var argument = new Argument<string>("messageId") { Description = description, Arity = ArgumentArity.ZeroOrOne };
        argument.Validators.Add(r => PatternCheck.Last(r, IdPattern(), "is not a message id: 1-128 letters, digits, '.', '_', ':' or '-'"));
        return argument;
    }

    /// <summary>The error queue's name: the argument, with "_error" added to a node queue's name.</summary>
    public static string QueueName(string queue) => queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue : queue + Suffix;

    /// <summary>The error queue's name as a URL path segment.</summary>
    public static string QueuePath(string queue) => Uri.EscapeDataString(QueueName(queue));

    public static string IdPath(string id) => Uri.EscapeDataString(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueuePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
