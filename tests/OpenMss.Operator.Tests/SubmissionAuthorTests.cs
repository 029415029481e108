using OpenMss.Operator.Submission;

namespace OpenMss.Operator.Tests;

/// <summary>The header From of a submitted message is the authenticated BAL alone (issue 14 #5).</summary>
public sealed class SubmissionAuthorTests
{
    private const string Bal = "jean.dupont@operateur-a.mssante.test";

    [Theory]
    [InlineData(Bal)]
    [InlineData("<jean.dupont@operateur-a.mssante.test>")]
    [InlineData("Dr Jean DUPONT <jean.dupont@operateur-a.mssante.test>")]
    [InlineData("\"DUPONT, Jean\" <Jean.Dupont@Operateur-A.mssante.test>")]
    [InlineData("=?utf-8?q?Dr_Jean_DUPONT?= <jean.dupont@operateur-a.mssante.test> (cardiologie)")]
    public void The_bal_with_any_display_name_is_accepted(string from) => SubmissionAuthor.Problem(Bal, [from]).ShouldBeNull();

    [Theory]
    [InlineData("directeur@operateur-a.mssante.test")]
    [InlineData("Dr Jean DUPONT <directeur@operateur-a.mssante.test>")]
    [InlineData("jean.dupont@operateur-a.mssante.test, directeur@operateur-a.mssante.test")]
    [InlineData("Equipe: jean.dupont@operateur-a.mssante.test;")]
    [InlineData("jean.dupont@operateur-b.mssante.test")]
    [InlineData("")]
    [InlineData("<<<")]
    public void Any_other_author_is_refused_with_one_sentence(string from)
    {
        var problem = SubmissionAuthor.Problem(Bal, [from]);

        problem.ShouldNotBeNull();
        problem.ShouldStartWith($"The From of a message sent by {Bal} must be that BAL alone (any display name); it is ");
        problem.ShouldNotContain("\r");
    }

    [Fact]
    public void Two_from_fields_are_refused_and_the_quoted_value_is_printable_and_bounded()
    {
        SubmissionAuthor.Problem(Bal, [Bal, Bal]).ShouldBe("A message has one From field (RFC 5322 §3.6); this one has 2.");
        var hostile = SubmissionAuthor.Problem(Bal, ["x\u0007\u00e9" + new string('a', 1000) + "@evil.test"])!;
        hostile.Length.ShouldBeLessThan(400);
        hostile.ShouldNotContain("\u0007");
    }
}
