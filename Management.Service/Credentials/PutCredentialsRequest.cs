using VmsServices.Management.Api;

namespace VmsServices.Management.Credentials;

/// <summary>Creates or replaces a camera account. The password is stored protected and never shown again.</summary>
public sealed record PutCredentialsRequest(string UserName, string Password)
{
    public const int MaxUserNameLength = 128;
    public const int MaxPasswordLength = 256;

    public CameraAccount Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(UserName) || UserName.Length > MaxUserNameLength || UserName.Any(char.IsControl) || UserName.Contains(':'))
            errors.Add($"userName is required (at most {MaxUserNameLength} characters, no ':' or control characters).");
        // The password itself is never echoed in an error.
        if (Password is null || Password.Length > MaxPasswordLength || Password.Any(char.IsControl))
            errors.Add($"password is required (at most {MaxPasswordLength} characters, no control characters; may be empty).");
        RequestValidation.ThrowIfAny(errors);
        return new CameraAccount(UserName, Password!);
    }

    // A record prints every member; a request logged by accident must not show the password.
    public override string ToString() => $"PutCredentialsRequest {{ UserName = {UserName} }}";
}
