using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>vmsctl users list|set|delete: who may sign in, with which role and devices (/api/users, administrators only).</summary>
public sealed class UsersCommands : ICommandGroup
{
    private const string Path = "api/users";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var users = new Command("users", "Users who may sign in, their roles and the devices they may see (administrators only)");
        users.Subcommands.Add(ResourceCommands.List<User>(globals, "List the users with their role and devices", Path, Table));
        users.Subcommands.Add(Set(globals));
        users.Subcommands.Add(ResourceCommands.Remove(globals, "user", "Delete a user (never the last administrator)", Path,
            UserArguments.Name("User name"), name: "delete", done: "deleted"));
        yield return users;
    }

    private static Command Set(GlobalOptions globals)
    {
        var name = UserArguments.Name("User name");
        var role = UserArguments.Role();
        var devices = IdArguments.List("--devices", "Limit the user to these devices, comma-separated [default: all devices]");
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the user's new password (8 characters or more) as one line from stdin; a new user needs one",
        };
        var command = new Command("set", "Create a user, or change one's role, devices and (with --password-stdin) password") { name, role, devices, passwordStdin };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var userName = parse.GetValue(name)!;
            var password = parse.GetValue(passwordStdin)
                ? await SecretInput.ReadLineAsync(ctx.Console, $"new password for {userName}: ", ct)
                  ?? throw CliException.Usage("--password-stdin: stdin held no password (one line).")
                : null;
            // PUT replaces: without --devices the user sees all devices.
            var answer = await ctx.Api.PutJsonAsync($"{Path}/{UserArguments.Path(userName)}", new
            {
                role = parse.GetValue(role),
                password,
                devices = CommaList.Given(parse, devices) ? CommaList.Values(parse, devices) : null,
            }, ct);
            var user = answer.Json.As<User>();
            return ctx.Print(answer.Json, () =>
                ctx.Out.WriteLine($"{(answer.Status == 201 ? "created" : "changed")} user {user.Name}: {user.Role}, {user.DevicesText}"));
        });
        return command;
    }

    private static TextTable Table(IEnumerable<User> users)
    {
        var table = new TextTable("NAME", "ROLE", "DEVICES", "CHANGED (UTC)");
        foreach (var u in users) table.Add(u.Name, u.Role, u.DevicesText, UtcTimes.FormatSeconds(u.UpdatedUtcMicros));
        return table;
    }
}
