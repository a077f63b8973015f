using VmsServices.Management.Users;

namespace VmsServices.Management.Tests.Accounts;

/// <summary>Failed sign-ins per address and minute: the limit, its window, and addresses kept apart (a clock moved by hand).</summary>
public sealed class SignInThrottleTests
{
    private const string Address = "192.0.2.10";
    private const string Other = "192.0.2.11";
    private ManualClock _clock = null!;
    private SignInThrottle _throttle = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _throttle = new SignInThrottle(new AuthSettings { SignInAttemptsPerMinute = 3 }, _clock);
    }

    private void Fail(string address, int times)
    {
        for (var i = 0; i < times; i++) _throttle.Failed(address);
    }

    [Test]
    public void An_address_may_try_until_it_reaches_the_limit_of_failures()
    {
        Assert.That(_throttle.RetryAfter(Address), Is.Null, "never seen");
        Fail(Address, 2);
        Assert.That(_throttle.RetryAfter(Address), Is.Null, "below the limit");

        Fail(Address, 1);

        Assert.That(_throttle.RetryAfter(Address), Is.EqualTo(TimeSpan.FromMinutes(1)), "refused for the rest of the window");
    }

    [Test]
    public void The_wait_is_what_is_left_of_the_window_that_began_with_the_first_failure()
    {
        Fail(Address, 1);
        _clock.Advance(TimeSpan.FromSeconds(40));
        Fail(Address, 2);

        Assert.That(_throttle.RetryAfter(Address), Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Other_addresses_are_not_refused()
    {
        Fail(Address, 3);
        Fail(Other, 2);

        Assert.That(_throttle.RetryAfter(Address), Is.Not.Null);
        Assert.That(_throttle.RetryAfter(Other), Is.Null);
    }

    [Test]
    public void The_address_may_try_again_once_the_window_is_over_and_then_counts_from_zero()
    {
        Fail(Address, 5);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(_throttle.RetryAfter(Address), Is.EqualTo(TimeSpan.FromSeconds(1)));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_throttle.RetryAfter(Address), Is.Null, "the minute is over");

        Fail(Address, 2);
        Assert.That(_throttle.RetryAfter(Address), Is.Null, "a new window: two failures are below the limit again");
        Fail(Address, 1);
        Assert.That(_throttle.RetryAfter(Address), Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Failures_spread_over_more_than_a_minute_never_reach_the_limit()
    {
        for (var i = 0; i < 10; i++)
        {
            Fail(Address, 2);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.That(_throttle.RetryAfter(Address), Is.Null);
    }
}
