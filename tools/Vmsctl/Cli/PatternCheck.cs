using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// The check every name that goes into a URL path gets on the command line: a value that breaks
/// its rule is a usage error naming the value (cut short) and the rule, before any request is sent.
/// </summary>
internal static class PatternCheck
{
    /// <summary>The value an argument or a single-valued option holds (its last token).</summary>
    public static void Last(SymbolResult result, Regex pattern, string problem)
    {
        if (result.Tokens.Count > 0) One(result, result.Tokens[^1].Value, pattern, problem);
    }

    /// <param name="problem">What the value is not, with the rule: "is not a valid id: 1-64 characters...".</param>
    public static void One(SymbolResult result, string value, Regex pattern, string problem)
    {
        if (!pattern.IsMatch(value))
            result.AddError($"'{(value.Length <= 70 ? value : value[..70] + "...")}' {problem}.");
    }
}
