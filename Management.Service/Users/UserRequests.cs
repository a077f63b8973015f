using VmsServices.Hosting.Security;
using VmsServices.Management.Api;

namespace VmsServices.Management.Users;

/// <summary>A user as the API shows it: never a password or its hash.</summary>
/// <param name="Devices">The devices the user is limited to; null for all.</param>
public sealed record UserInfo(string Name, VmsRole Role, IReadOnlyList<string>? Devices, long UpdatedUtcMicros);

/// <summary>Creates or changes a user. The password may be left out when changing only the role or devices.</summary>
public sealed record PutUserRequest(VmsRole Role, string? Password = null, IReadOnlyList<string>? Devices = null)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;
    public const int MaxDevices = 10_000;

    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Role)) errors.Add("role must be Viewer, Operator or Administrator.");
        if (Password is not null && (Password.Length < MinPasswordLength || Password.Length > MaxPasswordLength || Password.Any(char.IsControl)))
            errors.Add($"password must have {MinPasswordLength} to {MaxPasswordLength} characters and no control characters.");
        if (Devices is not null && (Devices.Count > MaxDevices || Devices.Any(d => !Hosting.Ids.IsValid(d))))
            errors.Add($"devices must be device ids ({Hosting.Ids.Rule}), at most {MaxDevices}.");
        RequestValidation.ThrowIfAny(errors);
    }

    public override string ToString() => $"PutUserRequest {{ Role = {Role}, Devices = {Devices?.Count} }}";
}

/// <summary>A sign-in: user name and password, for a token (API, vmsctl) or a session cookie (console).</summary>
public sealed record SignInRequest(string UserName, string Password)
{
    public override string ToString() => $"SignInRequest {{ UserName = {UserName} }}";
}

/// <summary>What a sign-in gives: the token, until when it is accepted, and who it says the caller is.</summary>
public sealed record SignInResult(string Token, DateTimeOffset ExpiresUtc, string UserName, VmsRole Role, IReadOnlyList<string>? Devices);

/// <summary>Local user names: safe in a URL, a log line and a token.</summary>
public static partial class UserNames
{
    public const string Rule = "1-64 characters: letters, digits, '.', '_', '-' or '@', starting with a letter or digit";

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public static string Validate(string? name) =>
        name is not null && Pattern().IsMatch(name) ? name : throw new Hosting.InvalidRequestException($"A user name has {Rule}.");
}
