using System.Text;
using Bot.Slack.Signing;
using Bot.Slack.Tests.Support;

namespace Bot.Slack.Tests;

public sealed class SlackSignatureTests
{
    // Slack's published example (protocols.md A1; api.slack.com/authentication/verifying-requests-from-slack).
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static byte[] Body => Encoding.UTF8.GetBytes(Fixture.Text("slack-signing-vector.form"));

    [Fact]
    public void Compute_SlacksPublishedVector_GivesSlacksSignature() =>
        Assert.Equal(Expected, SlackSignature.Compute(Secret, Timestamp, Body));

    [Fact]
    public void Verify_SlacksPublishedVector_IsValid() =>
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Expected, Body, SignedAt.AddSeconds(30)));

    [Fact]
    public void Verify_TamperedBody_IsRejected()
    {
        var tampered = Encoding.UTF8.GetBytes(Fixture.Text("slack-signing-vector.form").Replace("user_name=roadrunner", "user_name=coyote", StringComparison.Ordinal));
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, Expected, tampered, SignedAt));
    }

    [Fact]
    public void Verify_WrongSecret_IsRejected() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify("another-secret", Timestamp, Expected, Body, SignedAt));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Verify_TimestampMoreThanFiveMinutesOff_IsRejected(int secondsFromNow) =>
        Assert.Equal(SignatureCheck.StaleTimestamp, SlackSignature.Verify(Secret, Timestamp, Expected, Body, SignedAt.AddSeconds(-secondsFromNow)));

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_TimestampExactlyFiveMinutesOff_IsAccepted(int secondsFromNow) =>
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Expected, Body, SignedAt.AddSeconds(-secondsFromNow)));

    [Theory]
    [InlineData(null, Expected)]
    [InlineData(Timestamp, null)]
    [InlineData("", "")]
    public void Verify_MissingHeader_IsRejected(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.MissingHeaders, SlackSignature.Verify(Secret, timestamp, signature, Body, SignedAt));

    [Theory]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData("yesterday")]
    public void Verify_MalformedTimestamp_IsRejected(string timestamp) =>
        Assert.Equal(SignatureCheck.MalformedTimestamp, SlackSignature.Verify(Secret, timestamp, Expected, Body, SignedAt));

    [Theory]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("V0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_SignatureNotExactlySlacks_IsRejected(string signature) =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, signature, Body, SignedAt));
}
