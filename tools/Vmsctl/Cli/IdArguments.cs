using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Device and recording server ids, checked against the API's documented rule before they go
/// into a URL path: a bad id is a usage error here, and never turns into another path ("..").
/// </summary>
public static partial class IdArguments
{
    public const string Rule = "1-64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    private const string Problem = $"is not a valid id: {Rule}";

    public static Argument<string> Argument(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(Check);
        return argument;
    }

    public static Option<string> Option(string name, string description, bool required = false)
    {
        var option = new Option<string>(name) { Description = description, Required = required };
        option.Validators.Add(Check);
        return option;
    }

    /// <summary>Several ids, comma-separated (<see cref="CommaList"/>), each checked.</summary>
    public static Option<string[]> List(string name, string description) =>
        CommaList.Option(name, description, (result, value) => PatternCheck.One(result, value, Pattern(), Problem));

    /// <summary>The id as a URL path segment.</summary>
    public static string Path(string id) => Uri.EscapeDataString(id);

    private static void Check(SymbolResult result) => PatternCheck.Last(result, Pattern(), Problem);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
