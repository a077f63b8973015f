using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>AddLdapSignIn: nothing without a host; with one, settings read from configuration as a site writes them, and checked.</summary>
public sealed class LdapSignInRegistrationTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddLdapSignIn(configuration);
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> SiteSettings() => new()
    {
        ["Management:Ldap:Host"] = "dc1.corp.example",
        ["Management:Ldap:Security"] = "Ldaps",
        ["Management:Ldap:BindDn"] = "CN=svc-vms,OU=Service Accounts,DC=corp,DC=example",
        ["Management:Ldap:BindPassword"] = "service-secret",
        ["Management:Ldap:SearchBase"] = "DC=corp,DC=example",
        ["Management:Ldap:Groups:0:Dn"] = "CN=VMS Admins,OU=Groups,DC=corp,DC=example",
        ["Management:Ldap:Groups:0:Role"] = "administrator",
        ["Management:Ldap:Groups:1:Dn"] = "CN=Lobby,OU=Groups,DC=corp,DC=example",
        ["Management:Ldap:Groups:1:Devices:0"] = "cam-1",
        ["Management:Ldap:Timeout"] = "00:00:03",
    };

    [Test]
    public void Without_a_host_no_directory_is_asked()
    {
        using var services = Services(new() { ["Management:Ldap:SearchBase"] = "dc=example,dc=org" });

        Assert.That(services.GetService<IExternalAuthenticator>(), Is.Null);
    }

    [Test]
    public void With_a_host_the_directory_is_asked_with_the_site_s_settings()
    {
        using var services = Services(SiteSettings());

        Assert.That(services.GetRequiredService<IExternalAuthenticator>(), Is.InstanceOf<LdapAuthenticator>());
        var settings = services.GetRequiredService<IOptions<LdapSettings>>().Value;
        Assert.That(settings.EffectivePort, Is.EqualTo(636), "Ldaps' port unless Port is set");
        Assert.That(settings.UserFilter, Is.EqualTo(LdapSettings.DefaultUserFilter));
        Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(settings.Groups[0].Role, Is.EqualTo(VmsRole.Administrator));
        Assert.That(settings.Groups[1].Devices, Is.EqualTo(new[] { "cam-1" }));
    }

    [Test]
    public void Settings_with_a_mistake_stop_the_start_with_the_setting_named()
    {
        var settings = SiteSettings();
        settings["Management:Ldap:BindPassword"] = "";
        using var services = Services(settings);

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(e!.Message, Does.Contain("Management:Ldap:BindPassword is required with BindDn"));
    }
}
