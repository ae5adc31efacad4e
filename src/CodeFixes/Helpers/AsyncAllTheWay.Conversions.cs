using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.CodeFixes.Helpers
{
    internal sealed partial class AsyncAllTheWay
    {
        private sealed class Conversion
        {
            public Conversion(Document document, SyntaxNode declaration, MakeAsyncPlan plan, Role role, string? newName, ImmutableArray<(Document Document, SyntaxNode Name, InvocationExpressionSyntax? Call)> references)
            {
                Document = document;
                Declaration = declaration;
                Plan = plan;
                Role = role;
                NewName = newName;
                References = references;
            }

            public Document Document { get; }

            public SyntaxNode Declaration { get; }

            public MakeAsyncPlan Plan { get; }

            public Role Role { get; }

            public string? NewName { get; }

            /// <summary>Each reference's name, with the call it is the target of (null for <c>nameof</c> and <c>cref</c>).</summary>
            public ImmutableArray<(Document Document, SyntaxNode Name, InvocationExpressionSyntax? Call)> References { get; }
        }

        /// <summary>The conversion of <paramref name="method"/> (decided once), queued so that its callers are planned too; null when it cannot become async.</summary>
        private async Task<Conversion?> ConvertAsync(IMethodSymbol method)
        {
            if (conversions.TryGetValue(method, out var known))
            {
                return known;
            }

            var conversion = await DecideAsync(method).ConfigureAwait(false);
            conversions[method] = conversion;
            if (conversion is not null)
            {
                var model = await ModelAsync(conversion.Document).ConfigureAwait(false);
                AddEdit(conversion.Document.Id, conversion.Declaration, new Edit(EditKind.ConvertFunction, model) { Plan = conversion.Plan, NewName = conversion.NewName });
                PlanWaits(conversion, model);
                pending.Enqueue(conversion);
            }

            return conversion;
        }

        private async Task<Conversion?> DecideAsync(IMethodSymbol method)
        {
            if (method.IsAsync || method.DeclaringSyntaxReferences.Length != 1 || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
            {
                return null;
            }

            var declaration = await method.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            var document = solution.GetDocument(declaration.SyntaxTree);
            if (document is null || declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax) || MakeAsync.ContainsYield(declaration))
            {
                return null; // an iterator would become an async iterator, whose callers need 'await foreach'
            }

            var references = await FindReferencesAsync(method).ConfigureAwait(false);
            if (references is null)
            {
                return null;
            }

            var model = await ModelAsync(document).ConfigureAwait(false);
            var calls = references.Value.Count(r => r.Call is not null);
            var delegateUses = new List<(SyntaxNode Name, SemanticModel Model)>();
            foreach (var reference in references.Value)
            {
                if (reference.Call is null && !IsNameOfOrCref(reference.Name))
                {
                    delegateUses.Add((reference.Name, await ModelAsync(reference.Document).ConfigureAwait(false)));
                }
            }

            var isTest = IsTestMethod(method);
            var isMain = method.IsStatic && method.Name == "Main" && method.MethodKind == MethodKind.Ordinary;
            if (method.ReturnsVoid && calls == 0 && !isMain && !isTest
                && ((KnownSymbols.For(model.Compilation) is { } symbols && Signatures.IsEventHandlerShaped(method, symbols)) || (delegateUses.Count > 0 && delegateUses.All(r => IsEventSubscription(r.Name, r.Model, cancellationToken))))
                && !AwaitPlacement.IsInUnsafeContext(declaration))
            {
                var handlerPlan = new MakeAsyncPlan(declaration, null, ReturnRewrite.None, ImmutableArray<InvocationExpressionSyntax>.Empty, $"Make the event handler '{method.Name}' async");
                return new Conversion(document, declaration, handlerPlan, Role.EventHandler, null, ImmutableArray<(Document, SyntaxNode, InvocationExpressionSyntax?)>.Empty);
            }

            var plan = await MakeAsync.TryPlanAsync(document, declaration, model, cancellationToken, planCallers: false).ConfigureAwait(false);
            if (plan is null || (delegateUses.Count > 0 && plan.NewReturnType is not null))
            {
                return null; // used as a delegate, its signature must stay (CS0407); a task-returning one keeps it anyway
            }

            var role = isMain || isTest ? Role.EntryPoint : Role.Ordinary;
            string? newName = null;
            if (role == Role.Ordinary && plan.NewReturnType is not null && !method.Name.EndsWith("Async", System.StringComparison.Ordinal)
                && !IsNameTaken(method, declaration, model, method.Name + "Async")
                && !await IsNameSeenDifferentlyAsync(references.Value, method.Name + "Async").ConfigureAwait(false))
            {
                newName = method.Name + "Async";
            }

            return new Conversion(document, declaration, plan, role, newName, references.Value);
        }

        /// <summary>Every reference to <paramref name="method"/>, or null when one of them cannot be edited (implicit, or in another language).</summary>
        private async Task<ImmutableArray<(Document Document, SyntaxNode Name, InvocationExpressionSyntax? Call)>?> FindReferencesAsync(IMethodSymbol method)
        {
            var found = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            var references = ImmutableArray.CreateBuilder<(Document, SyntaxNode, InvocationExpressionSyntax?)>();
            foreach (var location in found.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.Document.Project.Language != LanguageNames.CSharp)
                {
                    return null; // foreach, deconstruction, query or collection-initializer uses cannot be awaited
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var name = root?.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true);
                if (name is not SimpleNameSyntax || (location.IsCandidateLocation && !IsNameOfOrCref(name)))
                {
                    return null; // nameof(M) binds to a candidate method group; any other unresolved use cannot be judged
                }

                var callee = name.Parent switch
                {
                    MemberAccessExpressionSyntax access when access.Name == name => access,
                    MemberBindingExpressionSyntax binding when binding.Name == name => binding,
                    _ => name,
                };
                var call = callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
                references.Add((location.Document, name, call));
            }

            return references.ToImmutable();
        }

        /// <summary>The blocking waits in the converted function's own body (not in nested functions) that become awaits.</summary>
        private void PlanWaits(Conversion conversion, SemanticModel model)
        {
            var symbols = KnownSymbols.For(model.Compilation);
            var body = model.GetOperation(conversion.Declaration, cancellationToken);
            if (symbols is null || body is null)
            {
                return;
            }

            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                foreach (var child in operation.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }

                if (BlockingWait.TryMatchUnfinished(operation, symbols, out var found)
                    && AwaitForBlockingWait.CanRewrite(found.Kind, found.Operation.Syntax, model, symbols, cancellationToken)
                    && AwaitPlacement.CanAwaitAt(found.Operation.Syntax, model, cancellationToken))
                {
                    AddEdit(conversion.Document.Id, found.Operation.Syntax, new Edit(EditKind.AwaitWait, model) { WaitKind = found.Kind });
                }
            }
        }

        /// <summary>Renames the references and, when the signature changed, awaits each call or, where the caller cannot become async, waits on it visibly.</summary>
        private async Task PlanCallersAsync(Conversion conversion)
        {
            foreach (var (document, name, call) in conversion.References)
            {
                var model = await ModelAsync(document).ConfigureAwait(false);
                if (conversion.NewName is not null)
                {
                    AddEdit(document.Id, name, new Edit(EditKind.Rename, model) { NewName = conversion.NewName });
                }

                if (call is null || conversion.Plan.NewReturnType is null || conversion.Role == Role.EventHandler)
                {
                    continue;
                }

                var kind = await CanAwaitInCallerAsync(call, model).ConfigureAwait(false) ? EditKind.AwaitCall : EditKind.WaitCall;
                AddEdit(document.Id, call, new Edit(kind, model));
            }
        }

        private async Task<bool> CanAwaitInCallerAsync(InvocationExpressionSyntax call, SemanticModel model)
        {
            // 'a?.M()' would await a null task when a is null: such a call keeps a visible wait instead.
            if (call.Expression is MemberBindingExpressionSyntax || !AwaitPlacement.CanAwaitAt(call, model, cancellationToken))
            {
                return false;
            }

            if (AsyncContext.IsInAsyncCodeOrTopLevel(call, model, cancellationToken))
            {
                return true; // an async function, or top-level statements
            }

            // A sync method or local function awaits the call once it can be made async itself; a sync lambda cannot.
            return AsyncContext.EnclosingFunction(call) is { } function and (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                && model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol caller
                && await ConvertAsync(caller).ConfigureAwait(false) is not null;
        }
    }
}
