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

    /// <summary>The id as a URL path segment.</summary>
    public static string Path(string id) => Uri.EscapeDataString(id);

    private static void Check(SymbolResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (value is not null && !Pattern().IsMatch(value))
            result.AddError($"'{(value.Length <= 70 ? value : value[..70] + "...")}' is not a valid id: {Rule}.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
