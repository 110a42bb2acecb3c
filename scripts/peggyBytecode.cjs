// Compiles the bytecode of a Peggy/PEG.js parser generated with `optimize: "size"` into one JavaScript
// function per rule: the kind of code the same generator emits with `optimize: "speed"`, built from the
// same bytecode. sip.js ships its SIP grammar in the size form, whose interpreter (`peg$parseRule`) walks
// the bytecode with a runtime stack at ~4 µs per input character (a 230-character Lync Contact: ~1 ms).
//
// Why by hand: no maintained tool turns a generated parser back into fast code, and the grammar's
// source is not in the sip.js package. The compilation is mechanical: every opcode becomes the
// statement that the interpreter's `case` executes, and the interpreter's runtime stack becomes local
// variables s0…sN, whose positions the bytecode fixes statically (a branch or loop that moved the stack
// differently would be refused here). scripts/sipjsGrammar.cjs uses this only on the one grammar file
// whose SHA-256 it pins, so the interpreter each opcode was read from is the one shipped, and
// test/protocol/sipjsGrammar.test.ts requires identical parses. Rules call rules as JavaScript calls,
// as the interpreter's RULE opcode did; sip.js's one recursive rule (`comment`) is reached from no
// start rule, so no input nests deeper in one parser than in the other.
'use strict';

/** The interpreter's opcodes (its `switch` cases, in order), as Peggy's compiler/opcodes.js names them. */
const OP = {
  PUSH: 0, PUSH_UNDEFINED: 1, PUSH_NULL: 2, PUSH_FAILED: 3, PUSH_EMPTY_ARRAY: 4, PUSH_CURR_POS: 5,
  POP: 6, POP_CURR_POS: 7, POP_N: 8, NIP: 9, APPEND: 10, WRAP: 11, TEXT: 12,
  IF: 13, IF_ERROR: 14, IF_NOT_ERROR: 15, WHILE_NOT_ERROR: 16,
  MATCH_ANY: 17, MATCH_STRING: 18, MATCH_STRING_IC: 19, MATCH_REGEXP: 20,
  ACCEPT_N: 21, ACCEPT_STRING: 22, FAIL: 23, LOAD_SAVED_POS: 24, UPDATE_SAVED_POS: 25,
  CALL: 26, RULE: 27, SILENT_FAILS_ON: 28, SILENT_FAILS_OFF: 29,
};

class BytecodeError extends Error {}

/**
 * The body of one rule's function. `bc` is the rule's decoded bytecode; `ruleName(i)` the name of rule
 * i's compiled function. Constants are read from `peg$consts` at run time, as the interpreter reads them.
 * Returns `{ vars, code }`: the s-variables to declare, and the statements (ending in `return s0;`).
 * @param {number[]} bc
 * @param {(i: number) => string} ruleName
 * @returns {{ vars: string[], code: string[] }}
 */
function compileRule(bc, ruleName) {
  let sp = -1;
  let maxSp = -1;
  const s = (/** @type {number} */ i) => {
    if (i < 0) throw new BytecodeError('stack underflow');
    return `s${i}`;
  };
  const push = (/** @type {string} */ expr) => {
    sp++;
    if (sp > maxSp) maxSp = sp;
    return `${s(sp)} = ${expr};`;
  };
  const pop = () => s(sp--);
  const popN = (/** @type {number} */ n) => {
    const names = [];
    for (let i = sp - n + 1; i <= sp; i++) names.push(s(i));
    sp -= n;
    return names;
  };
  const top = () => s(sp);
  const index = (/** @type {number} */ i) => s(sp - i);
  const constant = (/** @type {number} */ i) => {
    if (!Number.isInteger(i) || i < 0) throw new BytecodeError(`constant ${i} is not an index`);
    return `peg$consts[${i}]`;
  };

  /**
   * The statements of the bytecode in [from, to), indented `depth` levels; moves `sp` as the bytecode does.
   * @param {number} from @param {number} to @param {number} depth
   * @returns {string[]}
   */
  function compile(from, to, depth) {
    const pad = '    '.repeat(depth);
    /** @type {string[]} */
    const lines = [];
    const emit = (/** @type {string} */ line) => lines.push(pad + line);
    let ip = from;
    // IF-like opcodes: [op, ...args, thenLength, elseLength]; both branches must leave sp alike.
    const condition = (/** @type {string} */ test, /** @type {number} */ argCount) => {
      const base = argCount + 3;
      const thenLength = bc[ip + base - 2];
      const elseLength = bc[ip + base - 1];
      const baseSp = sp;
      const thenStart = ip + base;
      const thenCode = compile(thenStart, thenStart + thenLength, depth + 1);
      const thenSp = sp;
      /** @type {string[] | undefined} */
      let elseCode;
      if (elseLength > 0) {
        sp = baseSp;
        elseCode = compile(thenStart + thenLength, thenStart + thenLength + elseLength, depth + 1);
        if (sp !== thenSp) throw new BytecodeError('the branches of a condition move the stack differently');
      }
      emit(`if (${test}) {`);
      lines.push(...thenCode);
      if (elseCode) {
        emit('} else {');
        lines.push(...elseCode);
      }
      emit('}');
      ip = thenStart + thenLength + elseLength;
    };
    while (ip < to) {
      const op = bc[ip];
      switch (op) {
        case OP.PUSH: emit(push(constant(bc[ip + 1]))); ip += 2; break;
        case OP.PUSH_UNDEFINED: emit(push('undefined')); ip++; break;
        case OP.PUSH_NULL: emit(push('null')); ip++; break;
        case OP.PUSH_FAILED: emit(push('peg$FAILED')); ip++; break;
        case OP.PUSH_EMPTY_ARRAY: emit(push('[]')); ip++; break;
        case OP.PUSH_CURR_POS: emit(push('peg$currPos')); ip++; break;
        case OP.POP: pop(); ip++; break;
        case OP.POP_CURR_POS: emit(`peg$currPos = ${pop()};`); ip++; break;
        case OP.POP_N: popN(bc[ip + 1]); ip += 2; break;
        case OP.NIP: { const value = pop(); pop(); emit(push(value)); ip++; break; }
        case OP.APPEND: { const value = pop(); emit(`${top()}.push(${value});`); ip++; break; }
        case OP.WRAP: emit(push(`[${popN(bc[ip + 1]).join(', ')}]`)); ip += 2; break;
        case OP.TEXT: emit(push(`input.substring(${pop()}, peg$currPos)`)); ip++; break;
        case OP.IF: condition(top(), 0); break;
        case OP.IF_ERROR: condition(`${top()} === peg$FAILED`, 0); break;
        case OP.IF_NOT_ERROR: condition(`${top()} !== peg$FAILED`, 0); break;
        case OP.WHILE_NOT_ERROR: {
          const bodyLength = bc[ip + 1];
          const baseSp = sp;
          const body = compile(ip + 2, ip + 2 + bodyLength, depth + 1);
          if (sp !== baseSp) throw new BytecodeError('the body of a loop moves the stack');
          emit(`while (${top()} !== peg$FAILED) {`);
          lines.push(...body);
          emit('}');
          ip += 2 + bodyLength;
          break;
        }
        case OP.MATCH_ANY: condition('input.length > peg$currPos', 0); break;
        case OP.MATCH_STRING:
          condition(`input.substr(peg$currPos, ${constant(bc[ip + 1])}.length) === ${constant(bc[ip + 1])}`, 1); break;
        case OP.MATCH_STRING_IC:
          condition(`input.substr(peg$currPos, ${constant(bc[ip + 1])}.length).toLowerCase() === ${constant(bc[ip + 1])}`, 1); break;
        case OP.MATCH_REGEXP: condition(`${constant(bc[ip + 1])}.test(input.charAt(peg$currPos))`, 1); break;
        case OP.ACCEPT_N:
          emit(push(`input.substr(peg$currPos, ${bc[ip + 1]})`));
          emit(`peg$currPos += ${bc[ip + 1]};`);
          ip += 2;
          break;
        case OP.ACCEPT_STRING:
          emit(push(constant(bc[ip + 1])));
          emit(`peg$currPos += ${constant(bc[ip + 1])}.length;`);
          ip += 2;
          break;
        case OP.FAIL:
          emit(push('peg$FAILED'));
          emit(`if (peg$silentFails === 0) peg$fail(${constant(bc[ip + 1])});`);
          ip += 2;
          break;
        case OP.LOAD_SAVED_POS: emit(`peg$savedPos = ${index(bc[ip + 1])};`); ip += 2; break;
        case OP.UPDATE_SAVED_POS: emit('peg$savedPos = peg$currPos;'); ip++; break;
        case OP.CALL: {
          // [CALL, action, popCount, paramCount, ...params]: the params are read before the pops
          const paramCount = bc[ip + 3];
          const params = bc.slice(ip + 4, ip + 4 + paramCount).map((p) => index(p));
          const call = `${constant(bc[ip + 1])}.call(null${params.map((p) => `, ${p}`).join('')})`;
          popN(bc[ip + 2]);
          emit(push(call));
          ip += 4 + paramCount;
          break;
        }
        case OP.RULE: emit(push(`${ruleName(bc[ip + 1])}()`)); ip += 2; break;
        case OP.SILENT_FAILS_ON: emit('peg$silentFails++;'); ip++; break;
        case OP.SILENT_FAILS_OFF: emit('peg$silentFails--;'); ip++; break;
        default: throw new BytecodeError(`invalid opcode ${op} at ${ip}`);
      }
    }
    if (ip !== to) throw new BytecodeError(`an instruction runs past its block (${ip} > ${to})`);
    return lines;
  }

  const lines = compile(0, bc.length, 1);
  if (sp !== 0) throw new BytecodeError(`a rule must leave exactly its result on the stack (left ${sp + 1})`);
  const vars = [];
  for (let i = 0; i <= maxSp; i++) vars.push(s(i));
  return { vars, code: [...lines, '    return s0;'] };
}

/**
 * The compiled parser: one `function <prefix><i>()` per rule, declaring its own s-variables, and
 * `const <prefix>s = [...]` indexing them as the bytecode array did.
 * @param {number[][]} bytecode each rule's decoded bytecode
 * @param {string} prefix
 * @returns {string}
 */
function compileRules(bytecode, prefix) {
  const ruleName = (/** @type {number} */ i) => {
    if (!Number.isInteger(i) || i < 0 || i >= bytecode.length) throw new BytecodeError(`rule ${i} out of range`);
    return `${prefix}${i}`;
  };
  const functions = bytecode.map((bc, i) => {
    const { vars, code } = compileRule(bc, ruleName);
    return [`function ${ruleName(i)}() {`, `    let ${vars.join(', ')};`, ...code, '}'].join('\n');
  });
  return `${functions.join('\n')}\nconst ${prefix}s = [${bytecode.map((_, i) => ruleName(i)).join(', ')}];`;
}

module.exports = { compileRules, compileRule, BytecodeError, OP };
