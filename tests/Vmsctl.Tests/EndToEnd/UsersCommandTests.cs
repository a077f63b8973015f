using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>vmsctl users list|set|delete against the running system, as its administrator.</summary>
public sealed class UsersCommandTests
{
    [Test]
    public async Task A_user_is_created_listed_changed_signs_in_and_is_deleted()
    {
        var name = TestIds.New("user");
        var created = (await DemoSystem.RunAsAsync(DemoSystem.Token, ["users", "set", name, "--role", "operator", "--devices", "cam-1,cam-2", "--password-stdin"],
            stdin: SignedInUser.Password + "\n")).Exits(ExitCodes.Ok);
        try
        {
            Assert.That(created.Stdout.Trim(), Is.EqualTo($"created user {name}: Operator, cam-1,cam-2"));

            var list = (await DemoSystem.RunAsync("users", "list")).Exits(ExitCodes.Ok);
            Assert.That(list.StdoutLines[0], Does.Match(@"^NAME\s+ROLE\s+DEVICES\s+CHANGED \(UTC\)$"));
            Assert.That(list.StdoutLines, Has.Some.Match($@"^{name}\s+Operator\s+cam-1,cam-2\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(list.StdoutLines, Has.Some.Match(@"^admin\s+Administrator\s+all devices\s"));

            var changed = (await DemoSystem.RunAsync("users", "set", name, "--role", "Viewer", "--json")).Exits(ExitCodes.Ok).Json;
            Assert.That(changed.GetProperty("role").GetString(), Is.EqualTo("Viewer"));
            Assert.That(changed.GetProperty("devices").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "without --devices: all devices");

            var login = (await DemoSystem.RunAsAsync(null, ["login", "--user", name], password: SignedInUser.Password)).Exits(ExitCodes.Ok);
            Assert.That(login.Stderr, Does.StartWith($"signed in as {name} (Viewer)"), "the password set first is kept when only the role changes");

            var deleted = (await DemoSystem.RunAsync("users", "delete", name)).Exits(ExitCodes.Ok);
            Assert.That(deleted.Stdout.Trim(), Is.EqualTo($"deleted user {name}"));
            Assert.That((await DemoSystem.RunAsync("users", "list")).Exits(ExitCodes.Ok).StdoutLines, Has.None.StartsWith(name + " "));
            (await DemoSystem.RunAsync("users", "delete", name)).FailsWithOneLine(ExitCodes.NotFound, $"There is no user '{name}'.");
            (await DemoSystem.RunAsAsync(null, ["login", "--user", name], password: SignedInUser.Password)).Exits(ExitCodes.Forbidden);
        }
        finally
        {
            await DemoSystem.RunAsync("users", "delete", name);
        }
    }

    [Test]
    public async Task A_new_user_needs_a_password_of_eight_characters()
    {
        var name = TestIds.New("user");
        (await DemoSystem.RunAsync("users", "set", name, "--role", "Viewer")).FailsWithOneLine(ExitCodes.Usage, "A new user needs a password.");
        (await DemoSystem.RunAsAsync(DemoSystem.Token, ["users", "set", name, "--role", "Viewer", "--password-stdin"], stdin: "short\n"))
            .FailsWithOneLine(ExitCodes.Usage, "password must have 8 to 256 characters");
        (await DemoSystem.RunAsync("users", "set", name, "--role", "Viewer", "--password-stdin"))
            .FailsWithOneLine(ExitCodes.Usage, "--password-stdin: stdin held no password");
    }

    [Test]
    public async Task The_last_administrator_cannot_be_deleted()
    {
        (await DemoSystem.RunAsync("users", "delete", TestAuth.AdministratorName))
            .FailsWithOneLine(ExitCodes.Conflict, $"'{TestAuth.AdministratorName}' is the last administrator");
    }
}
