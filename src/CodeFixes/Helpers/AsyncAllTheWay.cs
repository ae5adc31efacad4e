using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// "Async all the way", the fix for sync-over-async (ASYNC011): the function that blocks on a task becomes a coroutine and
    /// awaits it, and so, recursively, does every caller in the solution, up to the callers that are entry points.
    /// <list type="bullet">
    /// <item>A method whose signature changes (<c>void</c> → <c>Task</c>, <c>T</c> → <c>Task&lt;T&gt;</c>) gets the <c>Async</c>
    /// suffix when it has none and the name is free; every call is then awaited, every <c>nameof</c> and <c>cref</c> renamed.</item>
    /// <item>Entry points end the chain: <c>Main</c> becomes <c>async Task Main</c> and test methods <c>async Task</c> (both keep
    /// their names, which a host looks up); an event handler, whose signature the event fixes, becomes <c>async void</c>, the one
    /// place an <c>async void</c> belongs.</item>
    /// <item>A caller that cannot become async (an override or interface member, a constructor, property or operator, a sync lambda,
    /// a method used as a delegate, a call inside a <c>lock</c>...) keeps a visible, deliberate
    /// <c>.GetAwaiter().GetResult()</c>, which ASYNC011 reports in its turn: the chain ends there, on purpose and in plain sight.</item>
    /// </list>
    /// Nothing is offered when the blocking function itself cannot become async. The edited documents are compiled before the
    /// change is returned: should the result hold a compiler error that was not there before, the fix changes nothing.
    /// </summary>
    internal sealed class AsyncAllTheWay
    {
        private static readonly string[] TestAttributeNames = { "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod" };

        private readonly Solution solution;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<IMethodSymbol, Conversion?> conversions = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<DocumentId, Dictionary<(SyntaxNode Node, EditKind Kind), Edit>> edits = new();
        private readonly Dictionary<DocumentId, SemanticModel> models = new();
        private readonly Queue<Conversion> pending = new();

        private AsyncAllTheWay(Solution solution, CancellationToken cancellationToken)
        {
            this.solution = solution;
            this.cancellationToken = cancellationToken;
        }

        private enum Role
        {
            /// <summary>Becomes async (renamed with <c>Async</c> when its signature changes); its callers follow.</summary>
            Ordinary,

            /// <summary><c>Main</c> or a test method: becomes <c>async Task</c>, keeps its name; the host awaits it.</summary>
            EntryPoint,

            /// <summary>An event handler: becomes <c>async void</c>; the event keeps its signature.</summary>
            EventHandler,
        }

        private enum EditKind
        {
            ConvertFunction,
            AwaitWait,
            AwaitCall,
            WaitCall,
            Rename,
        }

        /// <summary>The code action title for fixing <paramref name="diagnostic"/>, or null when it has no safe fix.</summary>
        public static async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var planner = new AsyncAllTheWay(document.Project.Solution, cancellationToken);
            var seed = await planner.ResolveSeedAsync(document, diagnostic).ConfigureAwait(false);
            return seed?.Title;
        }

        /// <summary>
        /// The solution with every diagnostic of <paramref name="seeds"/> that can be fixed made async all the way; the solution as it
        /// was when none can, or when the result would not compile.
        /// </summary>
        public static async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> seeds, CancellationToken cancellationToken)
        {
            var planner = new AsyncAllTheWay(solution, cancellationToken);
            foreach (var (document, diagnostic) in seeds)
            {
                await planner.PlanSeedAsync(document, diagnostic).ConfigureAwait(false);
            }

            while (planner.pending.Count > 0)
            {
                await planner.PlanCallersAsync(planner.pending.Dequeue()).ConfigureAwait(false);
            }

            if (planner.edits.Count == 0)
            {
                return solution;
            }

            var changed = await planner.ApplyAsync().ConfigureAwait(false);
            bool breaksBuild;
            try
            {
                breaksBuild = await planner.AddsCompilerErrorsAsync(changed).ConfigureAwait(false);
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                breaksBuild = true; // a tree the compiler cannot even bind is as broken as it gets
            }

            return breaksBuild ? solution : changed;
        }

        // ---- Seeds: the blocking waits the diagnostics point at -------------------------------------------------------

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

        // ---- Conversions: which functions become async, and how ---------------------------------------------------------

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

        // ---- Applying --------------------------------------------------------------------------------------------------

        private sealed class Edit
        {
            public Edit(EditKind kind, SemanticModel model)
            {
                Kind = kind;
                Model = model;
            }

            public EditKind Kind { get; }

            public SemanticModel Model { get; }

            public MakeAsyncPlan? Plan { get; set; }

            public string? NewName { get; set; }

            public BlockingWaitKind WaitKind { get; set; }
        }

        private void AddEdit(DocumentId document, SyntaxNode node, Edit edit)
        {
            if (!edits.TryGetValue(document, out var forDocument))
            {
                edits[document] = forDocument = new Dictionary<(SyntaxNode, EditKind), Edit>();
            }

            forDocument[(node, edit.Kind)] = edit;
        }

        private async Task<Solution> ApplyAsync()
        {
            var editor = new SolutionEditor(solution);
            foreach (var forDocument in edits)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(forDocument.Key, cancellationToken).ConfigureAwait(false);

                // Outermost first: a callback edit on an inner node then sees the outer edit already in place.
                foreach (var pair in forDocument.Value.OrderBy(e => e.Key.Node.SpanStart).ThenByDescending(e => e.Key.Node.Span.Length).ThenBy(e => e.Key.Kind))
                {
                    var node = pair.Key.Node;
                    var edit = pair.Value;
                    switch (edit.Kind)
                    {
                        case EditKind.ConvertFunction:
                            documentEditor.ReplaceNode(node, (current, _) => WithName(MakeAsync.Rewrite(current, edit.Plan!), edit.NewName));
                            break;
                        case EditKind.AwaitWait:
                            AwaitForBlockingWait.Replace(documentEditor, edit.WaitKind, node, edit.Model, KnownSymbols.For(edit.Model.Compilation)!, cancellationToken);
                            break;
                        case EditKind.AwaitCall:
                            documentEditor.ReplaceNode(node, (current, _) => current is ExpressionSyntax call ? AsyncSyntax.AwaitInPlaceOf(call, call) : current);
                            break;
                        case EditKind.WaitCall:
                            documentEditor.ReplaceNode(node, (current, _) => current is ExpressionSyntax call ? WaitOn(call) : current);
                            break;
                        case EditKind.Rename:
                            documentEditor.ReplaceNode(node, (current, _) => current is SimpleNameSyntax name ? name.WithIdentifier(Identifier(edit.NewName!, name.Identifier)) : current);
                            break;
                    }
                }
            }

            var changed = editor.GetChangedSolution();
            foreach (var documentId in edits.Keys)
            {
                var document = changed.GetDocument(documentId);
                if (document is not null)
                {
                    var cleaned = await FixCleanup.CleanupAsync(document, cancellationToken).ConfigureAwait(false);
                    changed = cleaned.Project.Solution;
                }
            }

            return changed;
        }

        private static SyntaxNode WithName(SyntaxNode function, string? newName)
            => newName is null ? function : function switch
            {
                MethodDeclarationSyntax method => method.WithIdentifier(Identifier(newName, method.Identifier)),
                LocalFunctionStatementSyntax localFunction => localFunction.WithIdentifier(Identifier(newName, localFunction.Identifier)),
                _ => function,
            };

        private static SyntaxToken Identifier(string name, SyntaxToken old) => SyntaxFactory.Identifier(name).WithTriviaFrom(old);

        /// <summary>
        /// <c>call</c> → <c>call.GetAwaiter().GetResult()</c>: a deliberate, visible wait where the chain of async callers ends. Not
        /// <see cref="AsyncSyntax.InvokeMember"/>: its parentheses would cut <c>.M()</c> off the <c>a?</c> it belongs to.
        /// </summary>
        private static ExpressionSyntax WaitOn(ExpressionSyntax call)
        {
            var getAwaiter = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrivia(), SyntaxFactory.IdentifierName("GetAwaiter")));
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getAwaiter, SyntaxFactory.IdentifierName("GetResult")))
                .WithTriviaFrom(call);
        }

        /// <summary>True when a changed document has more errors of some ID than before: the fix would break the build, so it is not made.</summary>
        private async Task<bool> AddsCompilerErrorsAsync(Solution changed)
        {
            foreach (var documentId in edits.Keys)
            {
                var before = await ErrorsAsync(solution.GetDocument(documentId)).ConfigureAwait(false);
                var after = await ErrorsAsync(changed.GetDocument(documentId)).ConfigureAwait(false);
                if (after.Any(a => !before.TryGetValue(a.Key, out var count) || a.Value > count))
                {
                    return true;
                }
            }

            return false;
        }

        private async Task<Dictionary<string, int>> ErrorsAsync(Document? document)
        {
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null
                ? new Dictionary<string, int>()
                : model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error)
                    .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        }

        // ---- Questions ---------------------------------------------------------------------------------------------------

        private async Task<SemanticModel> ModelAsync(Document document)
        {
            if (!models.TryGetValue(document.Id, out var model))
            {
                model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                models[document.Id] = model;
            }

            return model;
        }

        private static bool IsNameOfOrCref(SyntaxNode name) => name.FirstAncestorOrSelf<CrefSyntax>() is not null || MakeAsync.IsInNameOf(name);

        /// <summary>True for <c>x.Event += M</c> / <c>-= M</c> and <c>x.Event += new Handler(M)</c>.</summary>
        private static bool IsEventSubscription(SyntaxNode name, SemanticModel model, CancellationToken cancellationToken)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (expression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax creation } })
            {
                expression = creation;
            }

            return expression.Parent is AssignmentExpressionSyntax assignment
                && assignment.Right == expression
                && assignment.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression
                && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IEventSymbol;
        }

        private static bool IsTestMethod(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
                {
                    var name = type.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
                    if (System.Array.IndexOf(TestAttributeNames, name) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when, at one of the references, <paramref name="newName"/> already means something (a member of a derived type,
        /// a local, an extension method of the receiver): renamed, that reference would bind elsewhere.
        /// </summary>
        private async Task<bool> IsNameSeenDifferentlyAsync(ImmutableArray<(Document Document, SyntaxNode Name, InvocationExpressionSyntax? Call)> references, string newName)
        {
            foreach (var (document, name, _) in references)
            {
                if (name.FirstAncestorOrSelf<CrefSyntax>() is not null)
                {
                    continue;
                }

                var model = await ModelAsync(document).ConfigureAwait(false);
                var receiver = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                    ? model.GetTypeInfo(access.Expression, cancellationToken).Type
                    : null;
                var seen = receiver is null
                    ? model.LookupSymbols(name.SpanStart, name: newName, includeReducedExtensionMethods: true)
                    : model.LookupSymbols(name.SpanStart, receiver, newName, includeReducedExtensionMethods: true);
                if (!seen.IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="newName"/> already names a member of the type or its bases, or, for a local function, anything in scope.</summary>
        private bool IsNameTaken(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, string newName)
        {
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return !model.LookupSymbols(declaration.SpanStart, name: newName).IsEmpty;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (!type.GetMembers(newName).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
