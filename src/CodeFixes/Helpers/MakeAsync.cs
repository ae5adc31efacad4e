using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// "Make the enclosing function async", written once for every fix that needs it (CS4032/CS4033/CS4034, and the
    /// rules that must turn sync code into a coroutine). It adds <c>async</c>; <c>void</c> → <c>Task</c>; <c>T</c> →
    /// <c>Task&lt;T&gt;</c> (so <c>Main</c> becomes <c>async Task Main</c> / <c>async Task&lt;int&gt; Main</c>); an iterator of
    /// <c>IEnumerable&lt;T&gt;</c>/<c>IEnumerator&lt;T&gt;</c> becomes <c>async IAsyncEnumerable&lt;T&gt;</c>/<c>IAsyncEnumerator&lt;T&gt;</c>;
    /// a function that already returns a task keeps its type and awaits what it returned.
    /// <para>Refused (docs/rules/CS4032.md and CS4033.md) when the result would not compile: ref/out/in, ref-struct or pointer parameters,
    /// by-ref returns, unsafe contexts, <c>[MethodImpl(Synchronized)]</c>, <c>[Conditional]</c>, a return type fixed by an override, interface or
    /// virtual/abstract/partial declaration, a lambda whose delegate returns a non-task value or that is an expression tree,
    /// method-group uses of a method whose return type changes, or callers that use its value where no await can go.</para>
    /// </summary>
    internal static partial class MakeAsync
    {
        /// <summary>
        /// The functions and callers each editor has already rewritten. Fix All hands every diagnostic of a document to one
        /// <see cref="DocumentEditor"/>, and several diagnostics in one function each plan the same conversion: applied twice,
        /// its returns and callers would be awaited twice. The editor is the only object a fix receives for the whole pass
        /// (<see cref="DocumentFixProvider"/>), so the set hangs off it; the weak table lets it go with its editor, and a
        /// pass applies its fixes one after another, so the set is never shared between threads.
        /// </summary>
        private static readonly ConditionalWeakTable<DocumentEditor, HashSet<SyntaxNode>> Done = new();

        /// <summary>
        /// Plans making <paramref name="function"/> async. With <paramref name="planCallers"/> (the default) the plan also awaits
        /// the callers in the same document and is refused when a caller elsewhere would break; without it, the callers are the
        /// caller's business (<see cref="AsyncAllTheWay"/> updates them across the solution).
        /// </summary>
        public static async Task<MakeAsyncPlan?> TryPlanAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken, bool planCallers = true)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || AwaitPlacement.IsInUnsafeContext(function))
            {
                return null;
            }

            return function switch
            {
                AnonymousFunctionExpressionSyntax lambda => PlanLambda(lambda, semanticModel, symbols, cancellationToken),
                MethodDeclarationSyntax or LocalFunctionStatementSyntax => await PlanMethodAsync(document, function, semanticModel, symbols, planCallers, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
        }

        /// <summary>
        /// "Can an <c>await</c> (or <c>await foreach</c>, <c>await using</c>) be written at <paramref name="node"/>, making the enclosing
        /// function async first if need be?" Returns whether it can, and the plan to make the function async (null when it already
        /// is, or in top-level statements). Refused where the await cannot go (<see cref="AwaitPlacement"/>), where the function
        /// cannot become async, and in a <c>void</c>-returning lambda, which would become <c>async void</c>.
        /// </summary>
        public static async Task<(bool CanAwait, MakeAsyncPlan? Plan)> PlanAwaitAsync(Document document, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = AsyncContext.EnclosingFunction(node);
            if (function is null)
            {
                // Top-level statements may await; anywhere else (field initializers, accessors, constructors) cannot.
                return (node.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null && AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken), null);
            }

            var symbol = AsyncContext.FunctionSymbol(function, semanticModel, cancellationToken);
            if (!AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken))
            {
                return (false, null);
            }

            if (symbol is IMethodSymbol { IsAsync: true })
            {
                return (true, null);
            }

            var plan = await TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false);

            // An expression-bodied void lambda (Action) would turn into async void: not a fix.
            if (plan is null || (function is AnonymousFunctionExpressionSyntax && symbol is IMethodSymbol { ReturnsVoid: true }))
            {
                return (false, null);
            }

            return (true, plan);
        }

        /// <summary>
        /// CS1624's plan: an iterator declared to return <c>Task&lt;IEnumerable&lt;T&gt;&gt;</c> (or <c>ValueTask</c>, or of
        /// <c>IEnumerator&lt;T&gt;</c>), which C# cannot build, becomes <c>async IAsyncEnumerable&lt;T&gt;</c>
        /// (<c>IAsyncEnumerator&lt;T&gt;</c>): the async generator it was meant to be. Refused where the signature is fixed
        /// (override, interface, partial...), with unsupported parameters, in unsafe code, and when anything calls it (each
        /// caller would need <c>await foreach</c> instead of <c>await</c>).
        /// </summary>
        public static async Task<MakeAsyncPlan?> TryPlanTaskIteratorAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || AwaitPlacement.IsInUnsafeContext(function) || !ContainsYield(function)
                || function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || HasUnsupportedParameters(method) || method.ReturnsByRef || method.ReturnsByRefReadonly || IsSynchronized(method)
                || (!method.IsStatic && method.ContainingType is { IsRefLikeType: true })
                || ((function.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest) < LanguageVersion.CSharp8)
            {
                return null;
            }

            // Task<IEnumerable<T>> → IEnumerable<T> → IAsyncEnumerable<T>.
            if (method.ReturnType is not INamedTypeSymbol { TypeArguments.Length: 1 } taskType
                || !IsAsyncReturnType(taskType, symbols)
                || taskType.TypeArguments[0] is not INamedTypeSymbol { TypeArguments.Length: 1 } sequence
                || AsyncIteratorInterface(sequence, symbols.Compilation) is not { Length: > 0 } asyncInterface
                || Signatures.IsReturnTypeFixed(method))
            {
                return null;
            }

            var returnTypeSyntax = function is MethodDeclarationSyntax m ? m.ReturnType : ((LocalFunctionStatementSyntax)function).ReturnType;
            var sequenceSyntax = returnTypeSyntax switch
            {
                GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } g => g.TypeArgumentList.Arguments[0],
                QualifiedNameSyntax { Right: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } g } => g.TypeArgumentList.Arguments[0],
                _ => SyntaxFactory.ParseTypeName(sequence.ToMinimalDisplayString(semanticModel, function.SpanStart)),
            };
            var newReturnType = GenericType(asyncInterface, TypeArgument(sequenceSyntax, sequence, semanticModel));

            if (await CallersToAwaitAsync(document, function, method, isIterator: true, semanticModel, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }

            var shown = asyncInterface.Split('.').Last() + "<" + sequence.TypeArguments[0].ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            return new MakeAsyncPlan(function, newReturnType, ReturnRewrite.None, ImmutableArray<InvocationExpressionSyntax>.Empty, $"Make '{method.Name}' an async iterator (returns {shown})");
        }

        /// <summary>Applies <paramref name="plan"/> to the editor (once per function, however many diagnostics asked for it).</summary>
        public static void Apply(DocumentEditor editor, MakeAsyncPlan plan)
        {
            var done = Done.GetOrCreateValue(editor);
            if (!done.Add(plan.Function))
            {
                return;
            }

            editor.ReplaceNode(plan.Function, (current, _) => Rewrite(current, plan));
            foreach (var caller in plan.CallersToAwait)
            {
                if (done.Add(caller))
                {
                    editor.ReplaceNode(caller, (current, _) => AsyncSyntax.AwaitInPlaceOf(current, (ExpressionSyntax)current));
                }
            }
        }
    }
}
