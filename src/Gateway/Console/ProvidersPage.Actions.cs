using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>The Providers page's forms: each calls the provider manager in the session's scope and redirects back with its outcome.</summary>
internal sealed partial class ProvidersPage
{
    public async Task CreateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var (input, problem) = ProviderForm.ForCreate(form, session.Identity.IsAdmin);
        if (input is not null)
        {
            var owner = session.Identity.IsAdmin ? input.Owner : session.Identity.Owner;
            var (id, error) = await manager.CreateAsync(input, owner, Actor(session), session.Identity.IsAdmin, context.RequestAborted).ConfigureAwait(false);
            problem = error?.Message;
            if (id is not null)
            {
                session.Flash = new ConsoleFlash(true, $"Added the {input.Provider} provider{(input.KeyLabel is { } label ? " " + label : "")}.");
            }
        }

        Done(context, session, problem);
    }

    public async Task UpdateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = ConsoleRoutes.Value(context, "id");
        var current = await rows.FindAsync(session, id, context.RequestAborted).ConfigureAwait(false);
        var (input, problem) = ProviderForm.ForUpdate(form, current?.ProviderConfig, session.Identity.IsAdmin);
        if (current is null)
        {
            problem = ApiError.NotFound().Message;
        }
        else if (input is not null)
        {
            problem = (await manager.UpdateAsync(id, input, session.Scope, Actor(session), context.RequestAborted).ConfigureAwait(false))?.Message;
        }

        Done(context, session, problem, "Saved.");
    }

    public Task SetActiveAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var active = form["active"].ToString() == "true";
        return ChangeAsync(context, session, new ProviderInput { IsActive = active }, active ? "Switched on." : "Switched off.");
    }

    public Task SetDefaultAsync(HttpContext context, ConsoleSession session, IFormCollection form) =>
        ChangeAsync(context, session, new ProviderInput { IsDefault = true }, "Made default.");

    public async Task DeleteAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var error = await manager.DeleteAsync(ConsoleRoutes.Value(context, "id"), session.Scope, Actor(session), context.RequestAborted).ConfigureAwait(false);
        Done(context, session, error?.Message, "Deleted.");
    }

    public async Task RotateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var key = form["apiKey"].ToString().Trim();
        var error = key.Length == 0
            ? ApiError.InvalidKey("Enter the new API key.")
            : await manager.RotateKeyAsync(ConsoleRoutes.Value(context, "id"), key, session.Scope, Actor(session), context.RequestAborted).ConfigureAwait(false);
        Done(context, session, error?.Message, "Key rotated: the new key is in use.");
    }

    public async Task TestAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = ConsoleRoutes.Value(context, "id");
        string? name = null;
        if (await rows.FindAsync(session, id, context.RequestAborted).ConfigureAwait(false) is { } record)
        {
            name = ManagedProviderOptions.NameOf(record);
        }
        else if (session.Identity.IsAdmin)
        {
            name = id;
        }

        session.Flash = name is null
            ? new ConsoleFlash(false, ApiError.NotFound().Message)
            : await test.RunAsync(name, context.RequestAborted).ConfigureAwait(false);
        ConsoleHtml.SeeOther(context, "/providers");
    }

    private async Task ChangeAsync(HttpContext context, ConsoleSession session, ProviderInput input, string success)
    {
        var error = await manager.UpdateAsync(ConsoleRoutes.Value(context, "id"), input, session.Scope, Actor(session), context.RequestAborted).ConfigureAwait(false);
        Done(context, session, error?.Message, success);
    }

    private static void Done(HttpContext context, ConsoleSession session, string? problem, string? success = null)
    {
        if (problem is not null)
        {
            session.Flash = new ConsoleFlash(false, problem);
        }
        else if (success is not null)
        {
            session.Flash = new ConsoleFlash(true, success);
        }

        ConsoleHtml.SeeOther(context, "/providers");
    }

    /// <summary>Who the audit log names: the admin, or the client key by its id (as the APIs name them).</summary>
    internal static string Actor(ConsoleSession session) => session.Identity.IsAdmin ? "admin" : "key:" + session.Identity.KeyId;
}
