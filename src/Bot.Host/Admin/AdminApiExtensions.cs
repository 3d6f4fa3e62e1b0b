namespace Bot.Host.Admin;

internal static class AdminApiExtensions
{
    /// <summary>Binds and validates <c>Admin</c>; a token that is set but too short stops the host at start.</summary>
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .Validate(
                options => !options.IsConfigured || options.Token!.Length >= AdminOptions.MinimumTokenLength,
                $"Admin:Token must be at least {AdminOptions.MinimumTokenLength} characters long, or unset to turn the admin endpoints off.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Puts every endpoint of the group behind <c>Authorization: Bearer &lt;Admin:Token&gt;</c>.</summary>
    public static RouteGroupBuilder RequireAdminToken(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<AdminTokenFilter>();
        return group;
    }
}
