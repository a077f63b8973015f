using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>A user of the demo no other test knows, created with vmsctl users set and signed in with vmsctl login; deleted on dispose.</summary>
public sealed class SignedInUser : IAsyncDisposable
{
    public const string Password = "user-password-for-tests";

    private SignedInUser(string name, string token)
    {
        Name = name;
        Token = token;
    }

    public string Name { get; }
    public string Token { get; }

    public static async Task<SignedInUser> CreateAsync(string role, params string[] more)
    {
        var name = TestIds.New("user");
        (await DemoSystem.RunAsAsync(DemoSystem.Token, ["users", "set", name, "--role", role, "--password-stdin", .. more], stdin: Password + "\n")).Exits(ExitCodes.Ok);
        var login = (await DemoSystem.RunAsAsync(null, ["login", "--user", name], password: Password)).Exits(ExitCodes.Ok);
        return new SignedInUser(name, login.Stdout.Trim());
    }

    public async ValueTask DisposeAsync() => await DemoSystem.RunAsync("users", "delete", Name);
}
