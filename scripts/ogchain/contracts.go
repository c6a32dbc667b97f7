package main

// The contracts of the test chain, implemented natively (no EVM): the settlement relay R
// (InferenceSettlementRelay's two settlement entry points, restricted to the relay key), a second
// relay R2 with the same code but no access control, and an ERC-20-shaped token T. Their logs and
// revert data are ABI-encoded with go-ethereum's accounts/abi, as solc-compiled contracts would
// produce them.

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

const relayABIJSON = `[
 {"type":"function","name":"settleIndividual","stateMutability":"nonpayable","outputs":[],"inputs":[
  {"name":"teeId","type":"bytes32"},{"name":"inputHash","type":"bytes32"},{"name":"outputHash","type":"bytes32"},
  {"name":"timestamp","type":"uint256"},{"name":"ethAddress","type":"address"},{"name":"walrusBlobId","type":"bytes"},
  {"name":"signature","type":"bytes"}]},
 {"type":"function","name":"batchSettle","stateMutability":"nonpayable","outputs":[],"inputs":[
  {"name":"merkleRoot","type":"bytes32"},{"name":"batchSize","type":"uint256"},{"name":"walrusBlobId","type":"bytes"}]},
 {"type":"event","name":"IndividualSettlement","anonymous":false,"inputs":[
  {"name":"teeId","type":"bytes32","indexed":true},{"name":"ethAddress","type":"address","indexed":true},
  {"name":"inputHash","type":"bytes32","indexed":false},{"name":"outputHash","type":"bytes32","indexed":false},
  {"name":"timestamp","type":"uint256","indexed":false},{"name":"walrusBlobId","type":"bytes","indexed":false},
  {"name":"signature","type":"bytes","indexed":false}]},
 {"type":"event","name":"BatchSettlement","anonymous":false,"inputs":[
  {"name":"merkleRoot","type":"bytes32","indexed":true},{"name":"batchSize","type":"uint256","indexed":false},
  {"name":"walrusBlobId","type":"bytes","indexed":false}]}
]`

const tokenABIJSON = `[
 {"type":"function","name":"transfer","stateMutability":"nonpayable","outputs":[{"name":"","type":"bool"}],"inputs":[
  {"name":"to","type":"address"},{"name":"value","type":"uint256"}]},
 {"type":"event","name":"Transfer","anonymous":false,"inputs":[
  {"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
  {"name":"value","type":"uint256","indexed":false}]}
]`

var (
	relayABI = mustABI(relayABIJSON)
	tokenABI = mustABI(tokenABIJSON)

	// Error(string), the selector of Solidity's require/revert reason.
	errorSelector = crypto.Keccak256([]byte("Error(string)"))[:4]
	stringArgs    = abi.Arguments{{Type: mustType("string")}}

	// keccak256("SETTLEMENT_RELAY_ROLE"), as in the contract.
	settlementRelayRole = crypto.Keccak256Hash([]byte("SETTLEMENT_RELAY_ROLE"))

	// SettlementFee is the token amount the relay "pays" per settlement (the unrelated Transfer log).
	SettlementFee = big.NewInt(1_000_000_000_000_000)
)

func mustABI(s string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(s))
	if err != nil {
		panic(err)
	}
	return a
}

func mustType(t string) abi.Type {
	ty, err := abi.NewType(t, "", nil)
	if err != nil {
		panic(err)
	}
	return ty
}

// ---- fixed keys and addresses (see README.md)

// TestKey derives the named test key: secp256k1 scalar keccak256("ogchain/key/" + name).
func TestKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("ogchain/key/" + name)))
	if err != nil {
		panic(err)
	}
	return k
}

var (
	RelayKey    = TestKey("relay")    // holds SETTLEMENT_RELAY_ROLE on R
	OtherKey    = TestKey("other")    // no role: its calls to R revert
	NoiseKey    = TestKey("noise")    // the background token-transfer sender
	DeployerKey = TestKey("deployer") // "deployed" the three contracts (nonces 0, 1, 2)

	RelayAddr    = crypto.PubkeyToAddress(RelayKey.PublicKey)
	OtherAddr    = crypto.PubkeyToAddress(OtherKey.PublicKey)
	NoiseAddr    = crypto.PubkeyToAddress(NoiseKey.PublicKey)
	DeployerAddr = crypto.PubkeyToAddress(DeployerKey.PublicKey)

	// Contract addresses as CREATE from the deployer would give them.
	RelayContract = crypto.CreateAddress(DeployerAddr, 0) // R: InferenceSettlementRelay
	RogueContract = crypto.CreateAddress(DeployerAddr, 1) // R2: same code, no access control
	TokenContract = crypto.CreateAddress(DeployerAddr, 2) // T: ERC-20 token
)

// ---- execution

// EthLog is a contract log before the chain fills in its block/tx fields.
type EthLog struct {
	Address common.Address
	Topics  []common.Hash
	Data    []byte
}

// CallResult is what the EVM call returned: logs (only when it succeeded), return or revert data,
// the VM error ("" on success) and the gas the execution used on top of the intrinsic gas.
type CallResult struct {
	Logs    []EthLog
	Ret     []byte
	VMError string
	ExecGas uint64
}

const vmErrReverted = "execution reverted"

func revertResult(reason string) CallResult {
	packed, err := stringArgs.Pack(reason)
	if err != nil {
		panic(err)
	}
	return CallResult{Ret: append(append([]byte{}, errorSelector...), packed...), VMError: vmErrReverted, ExecGas: 2_600}
}

func logGas(l EthLog) uint64 { return 375 + 375*uint64(len(l.Topics)) + 8*uint64(len(l.Data)) }

// Call runs a message call from `from` to `to` with `input`.
func Call(from, to common.Address, input []byte) CallResult {
	switch to {
	case RelayContract:
		return callRelay(from, to, input, true)
	case RogueContract:
		return callRelay(from, to, input, false)
	case TokenContract:
		return callToken(from, input)
	default:
		return CallResult{} // an account without code: a plain value transfer
	}
}

func methodFor(a abi.ABI, input []byte) (*abi.Method, []any, error) {
	if len(input) < 4 {
		return nil, nil, errors.New("no selector")
	}
	m, err := a.MethodById(input[:4])
	if err != nil {
		return nil, nil, err
	}
	args, err := m.Inputs.Unpack(input[4:])
	if err != nil {
		return nil, nil, err
	}
	return m, args, nil
}

func feeLog(from, relay common.Address) EthLog {
	data, err := tokenABI.Events["Transfer"].Inputs.NonIndexed().Pack(SettlementFee)
	if err != nil {
		panic(err)
	}
	return EthLog{
		Address: TokenContract,
		Topics:  []common.Hash{tokenABI.Events["Transfer"].ID, addrTopic(from), addrTopic(relay)},
		Data:    data,
	}
}

func addrTopic(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

func callRelay(from, self common.Address, input []byte, restricted bool) CallResult {
	m, args, err := methodFor(relayABI, input)
	if err != nil {
		// No matching function and no fallback: a bare revert, as solc emits.
		return CallResult{VMError: vmErrReverted, ExecGas: 200}
	}
	if restricted && from != RelayAddr {
		// OpenZeppelin AccessControl (string-reason form).
		return revertResult(fmt.Sprintf("AccessControl: account %s is missing role %s",
			strings.ToLower(from.Hex()), settlementRelayRole.Hex()))
	}
	var ev abi.Event
	var topics []common.Hash
	var data []byte
	switch m.Name {
	case "settleIndividual":
		ev = relayABI.Events["IndividualSettlement"]
		teeID, ethAddr := args[0].([32]byte), args[4].(common.Address)
		topics = []common.Hash{ev.ID, common.Hash(teeID), addrTopic(ethAddr)}
		data, err = ev.Inputs.NonIndexed().Pack(args[1], args[2], args[3], args[5], args[6])
	case "batchSettle":
		ev = relayABI.Events["BatchSettlement"]
		topics = []common.Hash{ev.ID, common.Hash(args[0].([32]byte))}
		data, err = ev.Inputs.NonIndexed().Pack(args[1], args[2])
	}
	if err != nil {
		panic(err) // the arguments were just decoded with the same types
	}
	logs := []EthLog{feeLog(from, self), {Address: self, Topics: topics, Data: data}}
	gas := uint64(2*20_000 + 5_000)
	for _, l := range logs {
		gas += logGas(l)
	}
	return CallResult{Logs: logs, ExecGas: gas}
}

func callToken(from common.Address, input []byte) CallResult {
	m, args, err := methodFor(tokenABI, input)
	if err != nil {
		return CallResult{VMError: vmErrReverted, ExecGas: 200}
	}
	_ = m // transfer is the only method
	ev := tokenABI.Events["Transfer"]
	data, err := ev.Inputs.NonIndexed().Pack(args[1])
	if err != nil {
		panic(err)
	}
	l := EthLog{Address: TokenContract, Topics: []common.Hash{ev.ID, addrTopic(from), addrTopic(args[0].(common.Address))}, Data: data}
	ret, _ := tokenABI.Methods["transfer"].Outputs.Pack(true)
	return CallResult{Logs: []EthLog{l}, Ret: ret, ExecGas: 2*5_000 + logGas(l)}
}
