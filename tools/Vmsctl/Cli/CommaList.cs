using System.CommandLine;
using System.CommandLine.Parsing;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// An option that takes several values, comma-separated and/or repeated: "--devices cam-1,cam-2",
/// "--devices cam-1 --devices cam-2" or "--devices cam-1 cam-2".
/// </summary>
public static class CommaList
{
    /// <param name="check">Checks each value; it adds an error to the result for a bad one.</param>
    public static Option<string[]> Option(string name, string description, Action<SymbolResult, string>? check = null)
    {
        var option = new Option<string[]>(name) { Description = description, AllowMultipleArgumentsPerToken = true };
        if (check is not null)
            option.Validators.Add(result =>
            {
                foreach (var value in Split(result.Tokens.Select(t => t.Value))) check(result, value);
            });
        return option;
    }

    /// <summary>The values given, split at the commas; empty when the option was not given.</summary>
    public static List<string> Values(ParseResult parse, Option<string[]> option) => Split(parse.GetValue(option) ?? []);

    /// <summary>Whether the option was on the command line at all (an empty list is not the same as none given).</summary>
    public static bool Given(ParseResult parse, Option<string[]> option) => parse.GetResult(option) is not null;

    private static List<string> Split(IEnumerable<string> tokens) =>
        tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
