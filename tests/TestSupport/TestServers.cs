namespace VmsServices.TestSupport;

/// <summary>
/// The real RabbitMQ and PostgreSQL the tests use, started by tools/test-servers.sh (the Test
/// build target and CI do that) and named by environment variables. Without them a test is
/// ignored with the reason, unless VMS_REQUIRE_SERVERS=1 (CI), where it fails instead.
/// </summary>
public static class TestServers
{
    public static string RabbitMqUrl => Require("VMS_TEST_RABBITMQ");

    public static string PostgresAdmin => Require("VMS_TEST_POSTGRES");

    private static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value)) return value;
        var message = $"{variable} is not set: run the tests with ./build.sh test, or start servers with tools/test-servers.sh.";
        if (Environment.GetEnvironmentVariable("VMS_REQUIRE_SERVERS") == "1") Assert.Fail(message);
        Assert.Ignore(message);
        return "";
    }
}
