using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>One-time-password enrolments over SQL: every change is one statement.</summary>
internal sealed class RelationalOtpEnrolmentStore(SqlDialect dialect) : IOtpEnrolmentStore
{
    public async Task SaveAsync(OtpEnrolment enrolment, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, 
            "INSERT INTO otp_enrolments (idnat, secret, created_at, last_step) VALUES (@i, @s, @c, @l) "
            + "ON CONFLICT (idnat) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = excluded.last_step",
            cancellationToken, ("@i", enrolment.IdNat), ("@s", enrolment.ProtectedSecret), ("@c", dialect.TimeValue(enrolment.Created)), ("@l", enrolment.LastStep));

    public async Task<OtpEnrolment?> FindAsync(string idNat, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var found = await Sql.ListAsync(
            connection, null, "SELECT idnat, secret, created_at, last_step FROM otp_enrolments WHERE idnat = @i",
            r => new OtpEnrolment(r.GetString(0), (byte[])r.GetValue(1), dialect.ReadTime(r, 2), r.GetInt64(3)), cancellationToken, ("@i", idNat));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> UseStepAsync(string idNat, long step, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, "UPDATE otp_enrolments SET last_step = @s WHERE idnat = @i AND last_step < @s", cancellationToken, ("@s", step), ("@i", idNat)) == 1;

    public async Task<bool> DeleteAsync(string idNat, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, "DELETE FROM otp_enrolments WHERE idnat = @i", cancellationToken, ("@i", idNat)) == 1;
}
