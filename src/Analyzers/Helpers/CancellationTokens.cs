using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// A token a fix can pass at a spot: a variable or member (<c>ct</c>, <c>stopping</c>), or a property read on one
    /// (<c>linked.Token</c>, <c>cts.Token</c>, <c>context.RequestAborted</c>).
    /// </summary>
    internal sealed class InScopeToken
    {
        public InScopeToken(ISymbol symbol, IPropertySymbol? member)
        {
            Symbol = symbol;
            Member = member;
        }

        /// <summary>The name written at the spot: a parameter, local, field or property of this object.</summary>
        public ISymbol Symbol { get; }

        /// <summary>The property read on <see cref="Symbol"/> (<c>Token</c>, <c>RequestAborted</c>), or null when Symbol is the token.</summary>
        public IPropertySymbol? Member { get; }

        /// <summary>The token as written: <c>ct</c>, <c>cts.Token</c>.</summary>
        public string Name => Member is null ? Symbol.Name : Symbol.Name + "." + Member.Name;

        public bool IsSame(InScopeToken other)
            => SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol) && SymbolEqualityComparer.Default.Equals(Member, other.Member);
    }

    /// <summary>
    /// Finds the in-scope <c>CancellationToken</c> a fix should pass (a parameter, local or field reachable at the spot),
    /// offering only a token that belongs to this call or to this object's lifetime (docs/rules/ASYNC040.md, "When it is not
    /// reported"). The nearest wins, function by function from the innermost outwards (unless a <c>static</c> lambda or local
    /// function cuts them off):
    /// <list type="number">
    /// <item>a token local declared before the spot whose value is itself such a token (a parameter, <c>linked.Token</c>,
    /// <c>cts.Token</c> of a source made here, a readonly field);</item>
    /// <item>the <c>Token</c> of a local <c>CancellationTokenSource.CreateLinkedTokenSource(..)</c> linked to such a token;</item>
    /// <item>a token parameter;</item>
    /// <item>a <c>CancellationToken</c> property of another parameter (<c>context.RequestAborted</c>, <c>cts.Token</c>): what
    /// the caller handed over for this call; never an exception's (its token is already cancelled);</item>
    /// </list>
    /// then, in instance code of the containing type or its bases (never an outer type's): a readonly token field or get-only
    /// auto-property, then the <c>Token</c> of a readonly <c>CancellationTokenSource</c> field or get-only auto-property. Never
    /// a mutable field or settable property (whoever assigns it last decides what it means), a static one (it belongs to no
    /// object), nor a property of a field's object (another object's state). Two candidates at the same step are ambiguous: no
    /// token is chosen, never a guessed one.
    /// <para>It reads declarations along the path from the spot to its type instead of asking the semantic model for every
    /// symbol in scope: rules call it for every call that could take a token, and an unfiltered lookup lists every type of
    /// every imported namespace. It stops at the first function that has a candidate, so the members of parameter types and
    /// the values of locals are read only where they could win.</para>
    /// </summary>
    internal static partial class CancellationTokens
    {
        /// <summary>Candidate steps within one function; the function's index multiplies them.</summary>
        private const int StepsPerFunction = 4;

        /// <summary>How many locals deep a token's value is followed (<c>var a = b; var b = ct;</c>).</summary>
        private const int MaxDepth = 4;

        private static readonly List<(ILocalSymbol Local, int Function, IOperation? Value)> NoLocals = new();

        public static InScopeToken? FindInScope(SemanticModel semanticModel, int position, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.CancellationToken is null)
            {
                return null;
            }

            return FindInScope(semanticModel, position, symbols, EnclosingFunctions(semanticModel, position, cancellationToken), readLocals: true, cancellationToken);
        }

        /// <summary>
        /// The same answer at the start of <paramref name="operation"/>, for rules, which hold the operation: the function it runs in
        /// comes from the operation tree (<paramref name="owningSymbol"/> owns the tree) instead of a semantic-model lookup, and the
        /// locals before the spot are read only when a block around it declares a token or token source.
        /// </summary>
        public static InScopeToken? FindInScope(IOperation operation, ISymbol owningSymbol, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.CancellationToken is null || operation.SemanticModel is not { } semanticModel)
            {
                return null;
            }

            var functions = EnclosingFunctions(AsyncContext.GetEnclosingFunction(operation, owningSymbol) ?? owningSymbol);
            return FindInScope(semanticModel, operation.Syntax.SpanStart, symbols, functions, MayDeclareTokenLocal(operation, symbols), cancellationToken);
        }

        private static InScopeToken? FindInScope(SemanticModel semanticModel, int position, KnownSymbols symbols, List<IMethodSymbol> functions, bool readLocals, CancellationToken cancellationToken)
        {
            if (functions.Count == 0)
            {
                return null;
            }

            var context = new Provenance(semanticModel, symbols, functions, cancellationToken);
            var locals = readLocals ? LocalsBefore(semanticModel, position, functions, symbols, cancellationToken) : NoLocals;
            var best = new Best();
            for (var i = 0; i < functions.Count && best.Symbol is null; i++)
            {
                var rank = StepsPerFunction * i;
                foreach (var (local, index, value) in locals)
                {
                    if (index != i)
                    {
                        continue;
                    }

                    if (symbols.IsCancellationToken(local.Type))
                    {
                        if (context.IsOwnToken(value, 0))
                        {
                            best.Offer(new InScopeToken(local, null), rank);
                        }
                    }
                    else if (context.IsLinkedToOwnToken(value) && context.SourceToken is { } sourceToken)
                    {
                        best.Offer(new InScopeToken(local, sourceToken), rank + 1);
                    }
                }

                foreach (var parameter in functions[i].Parameters)
                {
                    if (parameter.RefKind == RefKind.Out)
                    {
                        continue;
                    }

                    if (symbols.IsCancellationToken(parameter.Type))
                    {
                        best.Offer(new InScopeToken(parameter, null), rank + 2);
                    }
                    else if (best.Symbol is null || best.Rank > rank + 2)
                    {
                        foreach (var property in TokenProperties(parameter.Type, symbols))
                        {
                            if (semanticModel.IsAccessible(position, property.GetMethod!))
                            {
                                best.Offer(new InScopeToken(parameter, property), rank + 3);
                            }
                        }
                    }
                }
            }

            if (best.Symbol is null)
            {
                OfferMembers(functions, symbols, context.SourceToken, StepsPerFunction * functions.Count, ref best);
            }

            // The name must reach that symbol from the spot (nothing closer of another type hides it).
            if (best.Symbol is null || best.Ambiguous)
            {
                return null;
            }

            var root = best.Symbol.Symbol;
            var visible = semanticModel.LookupSymbols(position, name: root.Name);
            return visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], root)
                && !IsCancelledAt(semanticModel, position, best.Symbol, symbols, cancellationToken)
                ? best.Symbol
                : null;
        }

        /// <summary>
        /// A method that takes a token through a default interface member (an interface member with a body, called through the
        /// interface): nothing makes an implementation override it, and the default may refuse a token it cannot honour (gRPC's
        /// <c>IAsyncStreamWriter&lt;T&gt;.WriteAsync(T, CancellationToken)</c> throws <c>NotSupportedException</c> for a
        /// cancellable one). Passing the token in scope there is not safe, so no rule asks for it and no fix writes it.
        /// </summary>
        public static bool IsDefaultInterfaceMember(IMethodSymbol? method)
            => method is { IsStatic: false, IsAbstract: false, ContainingType.TypeKind: TypeKind.Interface };

        private struct Best
        {
            public InScopeToken? Symbol;
            public int Rank;
            public bool Ambiguous;

            public void Offer(InScopeToken token, int rank)
            {
                if (Symbol is null || rank < Rank)
                {
                    Symbol = token;
                    Rank = rank;
                    Ambiguous = false;
                }
                else if (rank == Rank && !token.IsSame(Symbol))
                {
                    Ambiguous = true;
                }
            }
        }
    }
}
