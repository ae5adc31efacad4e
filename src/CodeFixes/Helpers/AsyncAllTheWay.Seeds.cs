using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal sealed partial class AsyncAllTheWay
    {
        private sealed class Seed
        {
            public Seed(SyntaxNode wait, BlockingWaitKind kind, SyntaxNode? function, string title)
            {
                Wait = wait;
                Kind = kind;
                Function = function;
                Title = title;
            }

            public SyntaxNode Wait { get; }

            public BlockingWaitKind Kind { get; }

            /// <summary>The method, local function or lambda to make async; null in top-level statements.</summary>
            public SyntaxNode? Function { get; }

            public string Title { get; }

            public MakeAsyncPlan? LambdaPlan { get; set; }
        }

        private async Task<Seed?> ResolveSeedAsync(Document document, Diagnostic diagnostic)
        {
            if (document.Project.Language != LanguageNames.CSharp || !AwaitForBlockingWait.TryGetKind(diagnostic, out var kind))
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await ModelAsync(document).ConfigureAwait(false);
            var span = diagnostic.Location.SourceSpan;
            var symbols = KnownSymbols.For(model.Compilation);
            if (root is null || symbols is null || !root.FullSpan.Contains(span))
            {
                return null;
            }

            var wait = root.FindNode(span, getInnermostNodeForTie: true);
            if (!AwaitForBlockingWait.CanRewrite(kind, wait, model, symbols, cancellationToken) || !AwaitPlacement.CanAwaitAt(wait, model, cancellationToken))
            {
                return null;
            }

            // In async code ASYNC011 reports only the sync branch of a dual-path method (if (async) await t; else t.Wait();):
            // the sync API runs that branch, so an await there would make it async code under the sync API's own wait.
            if (model.GetOperation(wait, cancellationToken) is { } waitOperation && model.GetEnclosingSymbol(span.Start, cancellationToken) is { } owner
                && AsyncContext.IsInAsyncCode(waitOperation, owner))
            {
                return null;
            }

            var function = AsyncContext.EnclosingFunction(wait);
            switch (function)
            {
                case null:
                    // Top-level statements may await as they are; accessors, constructors and initializers cannot become async.
                    return wait.FirstAncestorOrSelf<GlobalStatementSyntax>() is null ? null : new Seed(wait, kind, null, "Use 'await'");

                case AnonymousFunctionExpressionSyntax:
                    // A lambda keeps its delegate type: it can become async only when that type returns a task already.
                    var (canAwait, plan) = await MakeAsync.PlanAwaitAsync(document, wait, model, cancellationToken).ConfigureAwait(false);
                    return canAwait && plan is not null ? new Seed(wait, kind, function, plan.Description) { LambdaPlan = plan } : null;

                default:
                    if (model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method || method.IsAsync)
                    {
                        return null;
                    }

                    var conversion = await ConvertAsync(method).ConfigureAwait(false);
                    if (conversion is null)
                    {
                        return null;
                    }

                    var title = conversion.Role switch
                    {
                        Role.EventHandler => $"Make the event handler '{method.Name}' async",
                        _ when conversion.NewName is not null => $"Make '{method.Name}' async as '{conversion.NewName}' and await it in its callers",
                        _ when conversion.Plan.NewReturnType is not null => $"Make '{method.Name}' async and await it in its callers",
                        _ => $"Make '{method.Name}' async",
                    };
                    return new Seed(wait, kind, function, title);
            }
        }

        private async Task PlanSeedAsync(Document document, Diagnostic diagnostic)
        {
            var seed = await ResolveSeedAsync(document, diagnostic).ConfigureAwait(false);
            if (seed is null)
            {
                return;
            }

            var model = await ModelAsync(document).ConfigureAwait(false);
            if (seed.LambdaPlan is { } lambdaPlan)
            {
                AddEdit(document.Id, seed.Function!, new Edit(EditKind.ConvertFunction, model) { Plan = lambdaPlan });
            }

            AddEdit(document.Id, seed.Wait, new Edit(EditKind.AwaitWait, model) { WaitKind = seed.Kind });
        }
    }
}
