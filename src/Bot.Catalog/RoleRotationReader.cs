using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Reads an <c>incidentRoles:</c> mapping (in <c>defaults</c> or on a team): the rotation each response role is
/// given to. The rotations are checked once every file is read (<see cref="CatalogAssembler"/>).
/// </summary>
internal static class RoleRotationReader
{
    private static readonly string[] Keys = ["coordinator", "communicator", "expert"];

    /// <summary>The owner's <c>incidentRoles</c>, or <see cref="RoleRotations.None"/> when it declares none.</summary>
    public static RoleRotations Read(MappingReader owner, List<RoleRotationReference> references)
    {
        if (owner.Mapping("incidentRoles") is not { } r)
        {
            return RoleRotations.None;
        }
        r.RejectUnknownKeys(Keys);
        string? Rotation(string key)
        {
            if (r.Reference(key) is not { } reference)
            {
                return null;
            }
            references.Add(new RoleRotationReference(r.Context, r.PathOf(key), reference));
            return reference.Value;
        }
        return new RoleRotations(Rotation("coordinator"), Rotation("communicator"), Rotation("expert"));
    }
}

/// <summary>A rotation an <c>incidentRoles</c> entry names, for the check that it exists.</summary>
/// <param name="Context">The owner in messages (<c>team 'payments'</c>), empty for <c>defaults</c>.</param>
/// <param name="Path">The key's dotted path, e.g. <c>incidentRoles.coordinator</c>.</param>
internal sealed record RoleRotationReference(string Context, string Path, Located<string> RotationId);
