using OpenMss.Imap.Protocol.Responses;

namespace OpenMss.Imap.Protocol.Tests;

/// <summary>The status response grammar (RFC 3501 §7.1): condition, code with arguments, one line of text.</summary>
public sealed class StatusResponseTests
{
    [Fact]
    public void Tagged_and_untagged_responses_are_written_with_their_codes_and_arguments()
    {
        StatusResponse.Ok("a1", "APPEND completed.", ResponseCode.AppendUid, "38505 3955").ToString().ShouldBe("a1 OK [APPENDUID 38505 3955] APPEND completed.\r\n");
        StatusResponse.No("a2", "There is no mailbox Foo.", ResponseCode.TryCreate).ToString().ShouldBe("a2 NO [TRYCREATE] There is no mailbox Foo.\r\n");
        StatusResponse.Bad("a3", "Authenticate first.").ToString().ShouldBe("a3 BAD Authenticate first.\r\n");
        StatusResponse.Bye("Server shutting down.", ResponseCode.Unavailable).ToString().ShouldBe("* BYE [UNAVAILABLE] Server shutting down.\r\n");
        new StatusResponse(null, ImapStatus.Ok, "Moved.", ResponseCode.CopyUid, "1 2:3 5:6").ToString().ShouldBe("* OK [COPYUID 1 2:3 5:6] Moved.\r\n");
    }

    [Fact]
    public void Text_cannot_smuggle_a_second_response()
    {
        StatusResponse.No("a1", "bad name\r\na2 OK forged").ToString().ShouldBe("a1 NO bad name  a2 OK forged\r\n");
    }

    [Fact]
    public void Every_code_and_condition_has_its_atom()
    {
        foreach (var code in Enum.GetValues<ResponseCode>())
        {
            ResponseCodes.Atom(code).ShouldMatch("^[A-Z][A-Z-]*$");
        }

        Enum.GetValues<ResponseCode>().Select(ResponseCodes.Atom).Distinct().Count().ShouldBe(Enum.GetValues<ResponseCode>().Length);
        Enum.GetValues<ImapStatus>().Select(ResponseCodes.Atom).ShouldBe(["OK", "NO", "BAD", "PREAUTH", "BYE"]);
        ResponseCodes.Atom(ResponseCode.ReadOnly).ShouldBe("READ-ONLY");
        ResponseCodes.Atom(ResponseCode.ExpungeIssued).ShouldBe("EXPUNGEISSUED");
    }
}
