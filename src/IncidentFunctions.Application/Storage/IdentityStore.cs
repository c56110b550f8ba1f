using System.Net;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// What sign-in keeps: a responder's current one-time code (one row, replaced by the next code, updated under its ETag
/// so two tries at once count twice), the recent code requests of each person and each client address (for
/// <see cref="SignInThrottle"/>), and personal API tokens by id. Codes and token secrets are kept only as MACs and
/// hashes; names and addresses in the throttle only as hashes (<see cref="StorageKeys.HashKey"/>).
/// </summary>
public sealed class IdentityStore(TableServiceClient service, string tablePrefix)
{
    private const string CodeRow = "current";
    private const string ThrottleRow = "requests";
    private const string TokenPartition = "token";

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.Identity);

    // ---- one-time codes ----------------------------------------------------------------------------------------

    public async Task<(SignInCode Code, ETag ETag)?> GetCodeAsync(string responder, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(CodePartition(responder), CodeRow, cancellationToken: ct).ConfigureAwait(false);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }

        var code = new SignInCode(e.GetString("Responder") ?? responder, e.GetString("Method") ?? "", e.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue,
            e.GetBinary("Salt") ?? [], e.GetBinary("Hash") ?? [], e.GetInt32("Tries") ?? SignInCode.MaxTries, e.GetBoolean("Used") ?? true);
        return (code, e.ETag);
    }

    /// <summary>The responder's new code, replacing any earlier one (a new code ends the old).</summary>
    public Task PutCodeAsync(SignInCode code, CancellationToken ct) =>
        _table.UpsertEntityAsync(CodeEntity(code), TableUpdateMode.Replace, ct);

    /// <summary>False when the code changed since it was read (another try, or a new code): read and check again.</summary>
    public async Task<bool> TryReplaceCodeAsync(SignInCode code, ETag etag, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(CodeEntity(code), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    // ---- throttle ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Counts one request of <paramref name="who"/> (a person's name or a client address, told apart by
    /// <paramref name="scope"/>) if fewer than <paramref name="limit"/> were made in the window; else counts nothing
    /// and says when the next is allowed.
    /// </summary>
    public async Task<DateTimeOffset?> TryCountRequestAsync(string scope, string who, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var partition = $"throttle-{scope}-{StorageKeys.HashKey(who)}";
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, ThrottleRow, cancellationToken: ct).ConfigureAwait(false);
            var recent = row.HasValue && row.Value!.GetString("At") is { Length: > 0 } at
                ? at.Split(',').Select(t => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(t, CultureInfo.InvariantCulture))).Where(t => t > now - SignInThrottle.Window).ToList()
                : [];
            if (SignInThrottle.NextAllowed(recent, limit, now) is { } next)
            {
                return next;
            }

            recent.Add(now);
            var entity = new TableEntity(partition, ThrottleRow)
            {
                ["At"] = string.Join(',', recent.Select(t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))),
            };
            try
            {
                if (row.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(entity, ct).ConfigureAwait(false);
                }

                return null;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // Another request counted at the same moment: count again on what it wrote.
            }
        }
    }

    // ---- personal API tokens -----------------------------------------------------------------------------------

    public Task AddTokenAsync(ApiToken token, CancellationToken ct) => _table.AddEntityAsync(TokenEntity(token), ct);

    public async Task<ApiToken?> GetTokenAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TokenPartition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? Token(row.Value!) : null;
    }

    /// <summary>The tokens of <paramref name="owner"/>, newest first; every token when null.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? owner, CancellationToken ct)
    {
        var filter = owner is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TokenPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TokenPartition} and Owner eq {owner}");
        var list = new List<ApiToken>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(Token(e));
        }

        return list.OrderByDescending(t => t.CreatedAt).ToList();
    }

    /// <summary>Marks the token revoked (kept, so the list shows it); the first revocation's time stays.</summary>
    public async Task<ApiToken?> RevokeTokenAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        var token = await GetTokenAsync(id, ct);
        if (token is null || token.RevokedAt is not null)
        {
            return token;
        }

        var revoked = token with { RevokedAt = now };
        await _table.UpsertEntityAsync(TokenEntity(revoked), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return revoked;
    }

    /// <summary>When the token was last used, at most once a minute per token (a busy script must not write on every call).</summary>
    public async Task TouchTokenAsync(ApiToken token, DateTimeOffset now, CancellationToken ct)
    {
        if (token.LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return;
        }

        await _table.UpsertEntityAsync(new TableEntity(TokenPartition, token.Id) { ["LastUsedAt"] = now }, TableUpdateMode.Merge, ct).ConfigureAwait(false);
    }

    private static string CodePartition(string responder) => "code-" + StorageKeys.KeyFor(responder);

    private static TableEntity CodeEntity(SignInCode code) => new(CodePartition(code.Responder), CodeRow)
    {
        ["Responder"] = code.Responder,
        ["Method"] = code.Method,
        ["IssuedAt"] = code.IssuedAt,
        ["Salt"] = code.Salt,
        ["Hash"] = code.Hash,
        ["Tries"] = code.Tries,
        ["Used"] = code.Used,
    };

    private static TableEntity TokenEntity(ApiToken t) => new(TokenPartition, t.Id)
    {
        ["Owner"] = t.Owner,
        ["Label"] = t.Label,
        ["Role"] = t.Role.ToString(),
        ["CreatedAt"] = t.CreatedAt,
        ["ExpiresAt"] = t.ExpiresAt,
        ["Hash"] = t.Hash,
        ["RevokedAt"] = t.RevokedAt,
        ["LastUsedAt"] = t.LastUsedAt,
    };

    private static ApiToken Token(TableEntity e) => new(e.RowKey, e.GetString("Owner") ?? "", e.GetString("Label") ?? "",
        Enum.TryParse<AccessRole>(e.GetString("Role"), out var role) ? role : AccessRole.Viewer,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, e.GetBinary("Hash") ?? [])
    {
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
        LastUsedAt = e.GetDateTimeOffset("LastUsedAt"),
    };
}
