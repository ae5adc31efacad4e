using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// "Is this spot async code?" as the rule pages (docs/rules/) use the term: the body of an async method, local function,
    /// lambda or anonymous method (async iterators included). A non-async lambda or local function nested
    /// inside async code is sync code: it runs whenever its delegate is invoked, not as part of the coroutine.
    /// </summary>
    internal static class AsyncContext
    {
        /// <summary>
        /// The function whose body runs <paramref name="operation"/>: the innermost enclosing lambda, anonymous
        /// method or local function, else the member that owns the operation block.
        /// </summary>
        public static IMethodSymbol? GetEnclosingFunction(IOperation operation, ISymbol owningSymbol)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

            return owningSymbol as IMethodSymbol;
        }

        /// <summary>True when <paramref name="operation"/> runs as part of a coroutine (an async function's body).</summary>
        public static bool IsInAsyncCode(IOperation operation, ISymbol owningSymbol)
            => GetEnclosingFunction(operation, owningSymbol) is { IsAsync: true };

        /// <summary>
        /// True when <paramref name="operation"/> runs on a coroutine's async path: in async code (<see cref="IsInAsyncCode"/>) and
        /// not in the sync branch of a dual-path method (<see cref="DualPathBranches"/>: <c>if (async) await s.ReadAsync(b, ct); else
        /// s.Read(b);</c>), which the sync API runs under a wait on the finished task. The question of the rules that ask "would this
        /// block a coroutine" (ASYNC010, ASYNC020, ASYNC030, ASYNC031, ASYNC040); ask it after the rule's own cheap checks.
        /// Not for the compiler's notion of async code (CS4014, ASYNC003), which the branch does not change.
        /// </summary>
        public static bool IsOnAsyncPath(IOperation operation, ISymbol owningSymbol)
            => IsInAsyncCode(operation, owningSymbol) && !DualPathBranches.IsInSyncBranch(operation);

        // ---- The same questions asked of syntax, for fixes (which hold nodes, not operations) ------------------------

        /// <summary>
        /// The function whose body holds <paramref name="node"/> and that could be async: a method, local function, lambda or
        /// anonymous method; null inside accessors, constructors and the like, and in top-level statements.
        /// </summary>
        public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax:
                        return ancestor;
                    case MemberDeclarationSyntax or GlobalStatementSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The symbol of a method, local function, lambda or anonymous method.</summary>
        public static IMethodSymbol? FunctionSymbol(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
            => (function is AnonymousFunctionExpressionSyntax
                ? semanticModel.GetSymbolInfo(function, cancellationToken).Symbol
                : semanticModel.GetDeclaredSymbol(function, cancellationToken)) as IMethodSymbol;

        /// <summary>
        /// The syntax-side <see cref="IsInAsyncCode(IOperation, ISymbol)"/> for fixes: the enclosing function is async, or the spot
        /// is in top-level statements, which may always await (the operation side asks <see cref="IsTopLevelStatement"/> apart).
        /// </summary>
        public static bool IsInAsyncCodeOrTopLevel(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = EnclosingFunction(node);
            if (function is null)
            {
                return node.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null;
            }

            return FunctionSymbol(function, semanticModel, cancellationToken) is { IsAsync: true };
        }

        /// <summary>
        /// True in top-level statements themselves (not in a lambda or local function among them). The compiler treats them as
        /// able to await even before they contain an await (CS4014 is reported there).
        /// </summary>
        public static bool IsTopLevelStatement(IOperation operation, ISymbol owningSymbol)
        {
            var function = GetEnclosingFunction(operation, owningSymbol);
            return function is not null
                && SymbolEqualityComparer.Default.Equals(function, owningSymbol)
                && function.DeclaringSyntaxReferences.Length == 1
                && function.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax;
        }

        /// <summary>
        /// True when a lambda, anonymous method or local function stands between <paramref name="operation"/> and
        /// <paramref name="root"/>: its code runs when that function is invoked, not where it is written (a <c>throw</c> or
        /// <c>return</c> there is the nested function's, a reference there is a capture).
        /// </summary>
        public static bool IsInNestedFunction(IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True inside <c>nameof(...)</c>, where nothing runs. (Expression-tree lambdas are never async,
        /// so async-code rules need no separate check for them; see <see cref="IsInExpressionTree"/>.)
        /// </summary>
        public static bool IsInNameOf(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyBaseOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="operation"/> sits in a lambda converted to an expression tree: it is data, nothing runs.</summary>
        public static bool IsInExpressionTree(IOperation operation, KnownSymbols symbols)
        {
            // LambdaExpression is asked only once a lambda is found: most code is in none, and the first lookup of the type loads
            // System.Linq.Expressions from every referenced assembly.
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    var target = lambda.Parent switch
                    {
                        IDelegateCreationOperation creation => creation.Type,
                        IConversionOperation conversion => conversion.Type,
                        _ => null,
                    };
                    if (symbols.LambdaExpression is { } expression && SymbolFacts.InheritsFrom(target, expression))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
