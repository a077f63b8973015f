using System.Text.RegularExpressions;

namespace VmsServices.Hosting;

/// <summary>
/// Device and recording server ids: short, lower-case, safe as file names, queue names and URL
/// path segments, so a hostile id can never traverse a path or break a query.
/// </summary>
public static partial class Ids
{
    public const string Rule = "1-64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
