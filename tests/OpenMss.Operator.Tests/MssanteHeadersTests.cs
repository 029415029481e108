using System.Text;
using OpenMss.Mime;
using OpenMss.Operator.Mssante;

namespace OpenMss.Operator.Tests;

public sealed class MssanteHeadersTests
{
    private static MssanteHeaders Read(string header) =>
        MssanteHeaders.Read(MimeParser.Parse(Encoding.ASCII.GetBytes(header + "\r\n\r\nbody")).Headers);

    [Fact]
    public void All_four_headers_are_read()
    {
        var headers = Read("X-MSS-NIL: DEV935997\r\nX-MSS-INS: O\r\nX-MSS-CODECDA: 11502-2\r\nX-MSS-MES: FIN");

        headers.ShouldBe(headers with { Nil = "DEV935997", Ins = "O", Mes = "FIN" });
        headers.CodeCda.ShouldBe(["11502-2"]);
    }

    [Theory]
    [InlineData("X-MSS-CODECDA: 34112-3,PRESC-BIO,15508-5")] // as Ref#2 v1.0.1 writes it
    [InlineData("X-MSS-CODECDA: 34112-3, PRESC-BIO, 15508-5")] // as the 2022 slide wrote it
    [InlineData("x-mss-codecda: 34112-3 ,,PRESC-BIO,\r\n 15508-5,")] // any case, folded, empty values
    public void Codecda_values_are_split_tolerantly(string header) =>
        Read(header).CodeCda.ShouldBe(["34112-3", "PRESC-BIO", "15508-5"]);

    [Fact]
    public void Absent_headers_are_null() => Read("Subject: x").ShouldBe(new MssanteHeaders(null, null, null, null));
}
