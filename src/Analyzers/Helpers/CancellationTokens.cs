using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    internal static class CancellationTokens
    {
        /// <summary>Candidate steps within one function; the function's index multiplies them.</summary>
        private const int StepsPerFunction = 4;

        /// <summary>How many locals deep a token's value is followed (<c>var a = b; var b = ct;</c>).</summary>
        private const int MaxDepth = 4;

        public static InScopeToken? FindInScope(SemanticModel semanticModel, int position, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.CancellationToken is null)
            {
                return null;
            }

            var functions = EnclosingFunctions(semanticModel, position, cancellationToken);
            if (functions.Count == 0)
            {
                return null;
            }

            var context = new Provenance(semanticModel, symbols, functions, cancellationToken);
            var locals = LocalsBefore(semanticModel, position, functions, symbols, cancellationToken);
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

        /// <summary>
        /// True when the spot runs only once <paramref name="token"/> is cancelled, so a call handed it would throw at once: inside
        /// <c>if (token.IsCancellationRequested)</c> (or the <c>else</c> of its negation, a <c>?:</c>, a <c>while</c> body, the
        /// right side of <c>&amp;&amp;</c>), in a <c>catch</c> whose filter says so, or after <c>if (!token.IsCancellationRequested)
        /// return;</c> (any jump out) in the same block. A cancelled token stays cancelled, so what comes later in that region
        /// still sees it so. For <c>cts.Token</c> the source's own <c>cts.IsCancellationRequested</c> counts too.
        /// </summary>
        private static bool IsCancelledAt(SemanticModel semanticModel, int position, InScopeToken token, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
            SyntaxNode? child = null;
            for (var node = root.FindToken(position).Parent; node is not null; child = node, node = node.Parent)
            {
                if (child is null)
                {
                    continue;
                }

                var cancelled = node switch
                {
                    IfStatementSyntax ifStatement when child == ifStatement.Statement => Asserts(ifStatement.Condition, whenTrue: true),
                    IfStatementSyntax ifStatement when child == ifStatement.Else => Asserts(ifStatement.Condition, whenTrue: false),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenTrue => Asserts(conditional.Condition, whenTrue: true),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenFalse => Asserts(conditional.Condition, whenTrue: false),
                    WhileStatementSyntax loop when child == loop.Statement => Asserts(loop.Condition, whenTrue: true),
                    CatchClauseSyntax { Filter: { } filter } clause when child == clause.Block => Asserts(filter.FilterExpression, whenTrue: true),
                    BinaryExpressionSyntax binary when child == binary.Right && binary.IsKind(SyntaxKind.LogicalAndExpression) => Asserts(binary.Left, whenTrue: true),
                    BinaryExpressionSyntax binary when child == binary.Right && binary.IsKind(SyntaxKind.LogicalOrExpression) => Asserts(binary.Left, whenTrue: false),
                    BlockSyntax block => AfterAnExitUnlessCancelled(block.Statements, child),
                    SwitchSectionSyntax section => AfterAnExitUnlessCancelled(section.Statements, child),
                    _ => false,
                };
                if (cancelled)
                {
                    return true;
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    break;
                }
            }

            return false;

            bool AfterAnExitUnlessCancelled(SyntaxList<StatementSyntax> statements, SyntaxNode current)
            {
                foreach (var statement in statements)
                {
                    if (statement == current)
                    {
                        return false;
                    }

                    if (statement is IfStatementSyntax { Else: null } guard && AlwaysLeaves(guard.Statement) && Asserts(guard.Condition, whenTrue: false))
                    {
                        return true;
                    }
                }

                return false;
            }

            // Whether the condition, evaluating to whenTrue, says the token is cancelled.
            bool Asserts(ExpressionSyntax condition, bool whenTrue)
            {
                switch (condition)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        return Asserts(parenthesized.Expression, whenTrue);
                    case PrefixUnaryExpressionSyntax negation when negation.IsKind(SyntaxKind.LogicalNotExpression):
                        return Asserts(negation.Operand, !whenTrue);
                    case BinaryExpressionSyntax both when both.IsKind(SyntaxKind.LogicalAndExpression):
                        return whenTrue && (Asserts(both.Left, true) || Asserts(both.Right, true));
                    case BinaryExpressionSyntax either when either.IsKind(SyntaxKind.LogicalOrExpression):
                        return !whenTrue && (Asserts(either.Left, false) || Asserts(either.Right, false));
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCancellationRequested" } access when whenTrue:
                        return semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { IsStatic: false } property
                            && (symbols.IsCancellationToken(property.ContainingType) || SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.CancellationTokenSource))
                            && IsTheToken(access.Expression, symbols.IsCancellationToken(property.ContainingType));
                    default:
                        return false;
                }
            }

            // The receiver of IsCancellationRequested names the token (ct, cts.Token, context.RequestAborted) or, for cts.Token,
            // its source (cts).
            bool IsTheToken(ExpressionSyntax receiver, bool isToken)
            {
                if (token.Member is null)
                {
                    return isToken && Names(receiver, token.Symbol);
                }

                var isSource = SymbolEqualityComparer.Default.Equals(token.Member.ContainingType, symbols.CancellationTokenSource);
                if (!isToken)
                {
                    return isSource && Names(receiver, token.Symbol);
                }

                return receiver is MemberAccessExpressionSyntax member
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(member, cancellationToken).Symbol, token.Member)
                    && Names(member.Expression, token.Symbol);
            }

            bool Names(ExpressionSyntax expression, ISymbol symbol)
            {
                if (expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self)
                {
                    expression = self.Name;
                }

                return expression is IdentifierNameSyntax
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol, symbol);
            }
        }

        /// <summary>A statement that never completes normally: a jump, or a block that ends in one.</summary>
        private static bool AlwaysLeaves(StatementSyntax statement)
            => statement switch
            {
                ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax => true,
                BlockSyntax { Statements.Count: > 0 } block => AlwaysLeaves(block.Statements[block.Statements.Count - 1]),
                _ => false,
            };

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

        /// <summary>
        /// Whether a value is a token of this call or of this object's lifetime, looking through locals to where they were set.
        /// </summary>
        private sealed class Provenance
        {
            private readonly SemanticModel semanticModel;
            private readonly KnownSymbols symbols;
            private readonly List<IMethodSymbol> functions;
            private readonly CancellationToken cancellationToken;

            public Provenance(SemanticModel semanticModel, KnownSymbols symbols, List<IMethodSymbol> functions, CancellationToken cancellationToken)
            {
                this.semanticModel = semanticModel;
                this.symbols = symbols;
                this.functions = functions;
                this.cancellationToken = cancellationToken;
                SourceToken = symbols.CancellationTokenSourceToken;
            }

            /// <summary><c>CancellationTokenSource.Token</c>.</summary>
            public IPropertySymbol? SourceToken { get; }

            /// <summary>
            /// A parameter of an enclosing function, a property of one (<c>context.RequestAborted</c>), a local set from such a
            /// token, the <c>Token</c> of a source this call made or was handed, or a readonly token member of this object.
            /// </summary>
            public bool IsOwnToken(IOperation? value, int depth)
            {
                switch (Unwrap(value))
                {
                    case IParameterReferenceOperation parameter:
                        return IsEnclosingParameter(parameter.Parameter);
                    case ILocalReferenceOperation local:
                        return depth < MaxDepth && IsEnclosingLocal(local.Local) && IsOwnToken(ValueOf(local.Local), depth + 1);
                    case IFieldReferenceOperation field:
                        return IsThis(field.Instance) && IsReadOnlyMember(field.Field);
                    case IPropertyReferenceOperation { Instance: { } instance } property:
                        if (SymbolEqualityComparer.Default.Equals(property.Property, SourceToken))
                        {
                            return IsOwnSource(instance, depth);
                        }

                        if (IsThis(instance))
                        {
                            return IsReadOnlyMember(property.Property);
                        }

                        return Unwrap(instance) is IParameterReferenceOperation owner && IsEnclosingParameter(owner.Parameter) && !IsException(owner.Type, symbols)
                            && IsPublishedToken(property.Property, symbols);
                    default:
                        return false;
                }
            }

            /// <summary>A local <c>CancellationTokenSource.CreateLinkedTokenSource(..)</c> with one of this call's tokens among its arguments.</summary>
            public bool IsLinkedToOwnToken(IOperation? value)
            {
                if (Unwrap(value) is not IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" } link
                    || !SymbolEqualityComparer.Default.Equals(link.TargetMethod.ContainingType, symbols.CancellationTokenSource))
                {
                    return false;
                }

                foreach (var argument in link.Arguments)
                {
                    if (argument.Value is IArrayCreationOperation { Initializer: { } elements })
                    {
                        foreach (var element in elements.ElementValues)
                        {
                            if (IsOwnToken(element, 1))
                            {
                                return true;
                            }
                        }
                    }
                    else if (symbols.IsCancellationToken(argument.Parameter?.Type) && IsOwnToken(argument.Value, 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>A source this call made (<c>new CancellationTokenSource(..)</c>, a linked one) or was handed, or a readonly one of this object.</summary>
            private bool IsOwnSource(IOperation instance, int depth)
            {
                switch (Unwrap(instance))
                {
                    case IParameterReferenceOperation parameter:
                        return IsEnclosingParameter(parameter.Parameter);
                    case ILocalReferenceOperation local when depth < MaxDepth && IsEnclosingLocal(local.Local):
                        var value = Unwrap(ValueOf(local.Local));
                        return value is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.CancellationTokenSource)
                            || IsLinkedToOwnToken(value);
                    case IFieldReferenceOperation field:
                        return IsThis(field.Instance) && IsReadOnlyMember(field.Field);
                    case IPropertyReferenceOperation property:
                        return IsThis(property.Instance) && IsReadOnlyMember(property.Property);
                    default:
                        return false;
                }
            }

            private bool IsEnclosingParameter(IParameterSymbol parameter) => IndexOf(functions, parameter.ContainingSymbol) >= 0;

            private bool IsEnclosingLocal(ILocalSymbol local) => IndexOf(functions, local.ContainingSymbol) >= 0;

            /// <summary>The value a local was declared with (null when it has none, or is a foreach or pattern variable).</summary>
            private IOperation? ValueOf(ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == semanticModel.SyntaxTree
                        && reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
                    {
                        return semanticModel.GetOperation(value, cancellationToken);
                    }
                }

                return null;
            }

            private static bool IsThis(IOperation? instance)
                => Unwrap(instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
        }

        /// <summary>
        /// A member that holds the same value for the object's lifetime: a readonly instance field, or an instance property with
        /// no setter (or an init-only one) that is auto-implemented in source. A computed or settable property is not looked into.
        /// </summary>
        private static bool IsReadOnlyMember(ISymbol member)
        {
            switch (member)
            {
                case IFieldSymbol field:
                    return field.IsReadOnly && !field.IsStatic;
                case IPropertySymbol property when !property.IsStatic && property.Parameters.IsEmpty && property.GetMethod is not null
                    && (property.SetMethod is null || property.SetMethod.IsInitOnly):
                    return IsAutoProperty(property);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The instance <c>CancellationToken</c> properties of a parameter's type (its bases and, for an interface, the
        /// interfaces it extends): <c>HttpContext.RequestAborted</c>, <c>ServerCallContext.CancellationToken</c>,
        /// <c>CancellationTokenSource.Token</c>. None for an exception, whose token is one that was already cancelled.
        /// </summary>
        private static IEnumerable<IPropertySymbol> TokenProperties(ITypeSymbol type, KnownSymbols symbols)
        {
            if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None || named.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)
                || symbols.IsCancellationToken(named) || IsException(named, symbols))
            {
                yield break;
            }

            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var property in TokenPropertiesOf(current, symbols))
                {
                    yield return property;
                }
            }

            if (named.TypeKind == TypeKind.Interface)
            {
                foreach (var extended in named.AllInterfaces)
                {
                    foreach (var property in TokenPropertiesOf(extended, symbols))
                    {
                        yield return property;
                    }
                }
            }
        }

        private static IEnumerable<IPropertySymbol> TokenPropertiesOf(INamedTypeSymbol type, KnownSymbols symbols)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { IsOverride: false } property && IsPublishedToken(property, symbols))
                {
                    yield return property;
                }
            }
        }

        /// <summary>
        /// An instance property declared as a <c>CancellationToken</c> (not a <c>T</c> that happens to be one: <c>Nullable&lt;T&gt;.Value</c>,
        /// <c>Task&lt;T&gt;.Result</c>) that is not a mutable auto-property.
        /// </summary>
        private static bool IsPublishedToken(IPropertySymbol property, KnownSymbols symbols)
            => !property.IsStatic && !property.IsIndexer && property.GetMethod is not null
                && symbols.IsCancellationToken(property.OriginalDefinition.Type) && !IsMutableAutoProperty(property);

        /// <summary>
        /// An auto-property with a setter, declared in source: a mutable field of that object (npgsql's connector keeps the
        /// token of whichever command runs last in one), not a token the object publishes for its own lifetime. A property of a
        /// referenced type (<c>HttpContext.RequestAborted</c>) shows no body and is taken at its word.
        /// </summary>
        private static bool IsMutableAutoProperty(IPropertySymbol property)
        {
            if (property.SetMethod is null || property.SetMethod.IsInitOnly)
            {
                return false;
            }

            return IsAutoProperty(property);
        }

        /// <summary>A property the compiler backs with a field of its own (<c>{ get; }</c>, <c>{ get; set; }</c>).</summary>
        private static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var candidate in property.ContainingType.GetMembers())
            {
                if (candidate is IFieldSymbol { IsImplicitlyDeclared: true } backing && SymbolEqualityComparer.Default.Equals(backing.AssociatedSymbol, property))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsException(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, symbols.Exception))
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            }

            return operation;
        }

        /// <summary>Innermost first; stops after a static lambda or local function, which cannot capture outer variables.</summary>
        private static List<IMethodSymbol> EnclosingFunctions(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
        {
            var functions = new List<IMethodSymbol>();
            for (var symbol = semanticModel.GetEnclosingSymbol(position, cancellationToken); symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                functions.Add(method);
                if (method.IsStatic && method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    break;
                }
            }

            return functions;
        }

        /// <summary>
        /// Token and token-source locals declared (with a value) before the spot in the blocks (and foreach/using/for headers)
        /// that enclose it, each with the index of its function and the operation of its value.
        /// </summary>
        private static List<(ILocalSymbol Local, int Function, IOperation? Value)> LocalsBefore(
            SemanticModel semanticModel, int position, List<IMethodSymbol> functions, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var locals = new List<(ILocalSymbol, int, IOperation?)>();
            var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
            if (position < 0 || position >= root.FullSpan.End)
            {
                return locals;
            }

            for (var node = root.FindToken(position).Parent; node is not null; node = node.Parent)
            {
                IEnumerable<SyntaxNode> declarations = node switch
                {
                    BlockSyntax block => PrecedingStatements(block.Statements, position),
                    SwitchSectionSyntax section => PrecedingStatements(section.Statements, position),
                    CompilationUnitSyntax unit => PrecedingGlobalStatements(unit, position),
                    UsingStatementSyntax { Declaration: { } declaration } usingStatement when usingStatement.Statement.Span.Contains(position) => declaration.Variables,
                    ForStatementSyntax { Declaration: { } declaration } forStatement when !declaration.Span.Contains(position) => declaration.Variables,
                    _ => System.Array.Empty<SyntaxNode>(),
                };

                foreach (var declaration in declarations)
                {
                    foreach (var declarator in Declarators(declaration))
                    {
                        // A local without a value may be unassigned at the spot (CS0165), and where its value comes from is
                        // unknown: not a candidate.
                        if (declarator.Initializer is not { } initializer)
                        {
                            continue;
                        }

                        if (semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                            && (symbols.IsCancellationToken(local.Type) || SymbolEqualityComparer.Default.Equals(local.Type, symbols.CancellationTokenSource)))
                        {
                            var index = IndexOf(functions, local.ContainingSymbol);
                            if (index >= 0)
                            {
                                locals.Add((local, index, semanticModel.GetOperation(initializer.Value, cancellationToken)));
                            }
                        }
                    }
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    break;
                }
            }

            return locals;
        }

        private static IEnumerable<SyntaxNode> PrecedingStatements(SyntaxList<StatementSyntax> statements, int position)
        {
            foreach (var statement in statements)
            {
                if (statement.Span.End > position)
                {
                    yield break;
                }

                if (statement is LocalDeclarationStatementSyntax)
                {
                    yield return statement;
                }
            }
        }

        private static IEnumerable<SyntaxNode> PrecedingGlobalStatements(CompilationUnitSyntax unit, int position)
        {
            foreach (var member in unit.Members)
            {
                if (member.Span.End > position)
                {
                    yield break;
                }

                if (member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration })
                {
                    yield return declaration;
                }
            }
        }

        private static IEnumerable<VariableDeclaratorSyntax> Declarators(SyntaxNode declaration)
            => declaration switch
            {
                LocalDeclarationStatementSyntax local => local.Declaration.Variables,
                VariableDeclaratorSyntax declarator => new[] { declarator },
                _ => System.Array.Empty<VariableDeclaratorSyntax>(),
            };

        /// <summary>
        /// Instance members of the containing type and its bases, where <c>this</c> exists: a readonly token field or get-only
        /// auto-property, then the <c>Token</c> of a readonly token source.
        /// </summary>
        private static void OfferMembers(List<IMethodSymbol> functions, KnownSymbols symbols, IPropertySymbol? sourceToken, int rank, ref Best best)
        {
            var outermost = functions[functions.Count - 1];
            if (outermost.IsStatic || outermost.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                return;
            }

            // A lambda or local function in a struct cannot use `this` (CS1673): instance members are out of reach there.
            if (functions.Count > 1 && outermost.ContainingType is { IsValueType: true })
            {
                return;
            }

            for (var type = outermost.ContainingType; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member.IsStatic || member.IsImplicitlyDeclared
                        || (!SymbolEqualityComparer.Default.Equals(type, outermost.ContainingType) && member.DeclaredAccessibility == Accessibility.Private))
                    {
                        continue;
                    }

                    var memberType = member switch
                    {
                        IFieldSymbol field => field.Type,
                        IPropertySymbol property => property.Type,
                        _ => null,
                    };
                    if (symbols.IsCancellationToken(memberType))
                    {
                        if (IsReadOnlyMember(member))
                        {
                            best.Offer(new InScopeToken(member, null), rank);
                        }
                    }
                    else if (sourceToken is not null && memberType is not null && SymbolEqualityComparer.Default.Equals(memberType, symbols.CancellationTokenSource) && IsReadOnlyMember(member))
                    {
                        best.Offer(new InScopeToken(member, sourceToken), rank + 1);
                    }
                }
            }
        }

        private static int IndexOf(List<IMethodSymbol> functions, ISymbol? function)
        {
            for (var i = 0; i < functions.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(functions[i], function))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
