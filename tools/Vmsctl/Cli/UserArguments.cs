using System.CommandLine;
using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>User names (the management server's rule for local users) and roles, checked on the command line.</summary>
public static partial class UserArguments
{
    public const string Rule = "1-64 characters: letters, digits, '.', '_', '-' or '@', starting with a letter or digit";
    private const string Problem = $"is not a user name: {Rule}";

    /// <summary>The roles, least to most: a viewer watches, an operator also steers PTZ cameras, an administrator configures.</summary>
    public static readonly IReadOnlyList<string> Roles = ["Viewer", "Operator", "Administrator"];

    public static Argument<string> Name(string description)
    {
        var argument = new Argument<string>("name") { Description = description };
        argument.Validators.Add(r => PatternCheck.Last(r, Pattern(), Problem));
        return argument;
    }

    public static Option<string> NameOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, Required = true };
        option.Validators.Add(r => PatternCheck.Last(r, Pattern(), Problem));
        return option;
    }

    /// <summary>--role, in any letter case; the value is the role's own spelling ("viewer" gives "Viewer").</summary>
    public static Option<string> Role() => new("--role")
    {
        Description = $"The user's role: {string.Join(", ", Roles)}",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Roles.FirstOrDefault(r => r.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } role) return role;
            result.AddError($"--role: '{text}' is not a role; use {string.Join(", ", Roles)}.");
            return null;
        },
    };

    /// <summary>The name as a URL path segment.</summary>
    public static string Path(string name) => Uri.EscapeDataString(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
