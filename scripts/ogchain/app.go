package main

// The ABCI application: Cosmos-EVM-shaped transactions and results over a tiny in-memory state
// (each sender's nonce, a settlement counter). Every node replays the chain from genesis on start
// (Info reports height 0, so CometBFT's handshake replays the stored blocks), so nothing is
// persisted by the app.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"sync"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/tmhash"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
)

// ChainID is the EIP-155 chain id (OpenGradient's local scripts use 10740).
const ChainID = 10740

// EVMDenom is the fee denom put in AuthInfo.
const EVMDenom = "ogwei"

const codespace = "ogchain"

// ABCI codes of rejected txs (CheckTx, or FinalizeBlock for a tx that got into a block anyway).
const (
	codeOK uint32 = iota
	codeTxDecode
	codeWrongChainID
	codeBadSender
	codeBadNonce
	codeCreateUnsupported
	codeIntrinsicGas
)

var chainIDBig = big.NewInt(ChainID)

type chainState struct {
	Height      int64
	AppHash     []byte
	Nonces      map[common.Address]uint64
	Settlements uint64 // successful settleIndividual/batchSettle calls
	EthTxs      uint64 // executed Ethereum txs
}

func newState() *chainState { return &chainState{Nonces: map[common.Address]uint64{}} }

func (s *chainState) clone() *chainState {
	c := *s
	c.Nonces = make(map[common.Address]uint64, len(s.Nonces))
	for k, v := range s.Nonces {
		c.Nonces[k] = v
	}
	return &c
}

// hash is the app hash: SHA-256 over a fixed tag, the height, the counters and the nonces sorted
// by address.
func (s *chainState) hash() []byte {
	h := sha256.New()
	h.Write([]byte("ogchain/state/v1"))
	var w [8]byte
	for _, v := range []uint64{uint64(s.Height), s.Settlements, s.EthTxs, uint64(len(s.Nonces))} {
		binary.BigEndian.PutUint64(w[:], v)
		h.Write(w[:])
	}
	addrs := make([]common.Address, 0, len(s.Nonces))
	for a := range s.Nonces {
		addrs = append(addrs, a)
	}
	sort.Slice(addrs, func(i, j int) bool { return bytes.Compare(addrs[i][:], addrs[j][:]) < 0 })
	for _, a := range addrs {
		h.Write(a[:])
		binary.BigEndian.PutUint64(w[:], s.Nonces[a])
		h.Write(w[:])
	}
	return h.Sum(nil)
}

type App struct {
	abci.BaseApplication
	mu          sync.Mutex
	committed   *chainState
	pending     *chainState
	checkNonces map[common.Address]uint64
}

func NewApp() *App {
	return &App{committed: newState(), checkNonces: map[common.Address]uint64{}}
}

func (a *App) Info(_ context.Context, _ *abci.RequestInfo) (*abci.ResponseInfo, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return &abci.ResponseInfo{
		Data:             "ogchain",
		Version:          "1",
		AppVersion:       1,
		LastBlockHeight:  a.committed.Height,
		LastBlockAppHash: a.committed.AppHash,
	}, nil
}

func (a *App) InitChain(_ context.Context, _ *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.committed, a.pending, a.checkNonces = newState(), nil, map[common.Address]uint64{}
	return &abci.ResponseInitChain{}, nil
}

// Query serves path "/nonce": data is the 20-byte address (or its "0x…" text); the value is the
// next nonce in decimal, as of the last committed block.
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.Path != "/nonce" {
		return &abci.ResponseQuery{Code: 1, Codespace: codespace, Log: "unknown path " + req.Path}, nil
	}
	var addr common.Address
	switch {
	case len(req.Data) == 20:
		addr = common.BytesToAddress(req.Data)
	case common.IsHexAddress(string(req.Data)):
		addr = common.HexToAddress(string(req.Data))
	default:
		return &abci.ResponseQuery{Code: 2, Codespace: codespace, Log: "data is not an address"}, nil
	}
	return &abci.ResponseQuery{
		Key:    addr.Bytes(),
		Value:  []byte(strconv.FormatUint(a.committed.Nonces[addr], 10)),
		Height: a.committed.Height,
	}, nil
}

// decodedTx is a Cosmos tx that passed the checks the Cosmos EVM ante handler makes here.
type decodedTx struct {
	msg       MsgEthereumTx
	eth       *ethtypes.Transaction
	sender    common.Address
	intrinsic uint64
}

func intrinsicGas(tx *ethtypes.Transaction) uint64 {
	gas := uint64(21_000)
	for _, b := range tx.Data() {
		if b == 0 {
			gas += 4
		} else {
			gas += 16
		}
	}
	for _, t := range tx.AccessList() {
		gas += 2_400 + 1_900*uint64(len(t.StorageKeys))
	}
	return gas
}

// decode checks everything but the nonce; code != 0 rejects the tx.
func decode(txBytes []byte) (decodedTx, uint32, string) {
	msg, err := DecodeEthereumCosmosTx(txBytes)
	if err != nil {
		return decodedTx{}, codeTxDecode, err.Error()
	}
	eth := new(ethtypes.Transaction)
	if err := eth.UnmarshalBinary(msg.Raw); err != nil {
		return decodedTx{}, codeTxDecode, "raw Ethereum tx: " + err.Error()
	}
	if eth.ChainId().Cmp(chainIDBig) != 0 {
		return decodedTx{}, codeWrongChainID, fmt.Sprintf("chain id %s, want %d", eth.ChainId(), ChainID)
	}
	sender, err := ethtypes.Sender(ethtypes.LatestSignerForChainID(chainIDBig), eth)
	if err != nil {
		return decodedTx{}, codeBadSender, "recover sender: " + err.Error()
	}
	if !bytes.Equal(sender[:], msg.From) {
		return decodedTx{}, codeBadSender, fmt.Sprintf("sender verification failed: got %s, from is %s",
			sender.Hex(), common.BytesToAddress(msg.From).Hex())
	}
	if eth.To() == nil {
		return decodedTx{}, codeCreateUnsupported, "contract creation is not supported by ogchain"
	}
	d := decodedTx{msg: msg, eth: eth, sender: sender, intrinsic: intrinsicGas(eth)}
	if eth.Gas() < d.intrinsic {
		return decodedTx{}, codeIntrinsicGas, fmt.Sprintf("gas limit %d below intrinsic gas %d", eth.Gas(), d.intrinsic)
	}
	return d, codeOK, ""
}

func (a *App) CheckTx(_ context.Context, req *abci.RequestCheckTx) (*abci.ResponseCheckTx, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d, code, log := decode(req.Tx)
	if code != codeOK {
		return &abci.ResponseCheckTx{Code: code, Codespace: codespace, Log: log}, nil
	}
	if want := a.checkNonces[d.sender]; d.eth.Nonce() != want {
		return &abci.ResponseCheckTx{Code: codeBadNonce, Codespace: codespace,
			Log: fmt.Sprintf("invalid nonce: got %d, expected %d", d.eth.Nonce(), want)}, nil
	}
	a.checkNonces[d.sender]++
	return &abci.ResponseCheckTx{GasWanted: int64(d.eth.Gas())}, nil
}

// blockCtx carries the per-block values Cosmos EVM keeps in transient stores.
type blockCtx struct {
	height   int64
	hash     []byte // the hash of the block being finalized (ctx.HeaderHash())
	time     uint64 // block time, Unix seconds
	ethTxIdx uint64 // index of the next Ethereum tx among the block's executed ones
	logIdx   uint64 // index of the next log in the block
	state    *chainState
}

func (a *App) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	bc := &blockCtx{height: req.Height, hash: req.Hash, time: uint64(req.Time.Unix()), state: a.committed.clone()}
	results := make([]*abci.ExecTxResult, len(req.Txs))
	for i, tx := range req.Txs {
		results[i] = bc.deliver(tx)
	}
	bc.state.Height = req.Height
	bc.state.AppHash = bc.state.hash()
	a.pending = bc.state
	return &abci.ResponseFinalizeBlock{TxResults: results, AppHash: bc.state.AppHash}, nil
}

func (a *App) Commit(_ context.Context, _ *abci.RequestCommit) (*abci.ResponseCommit, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.pending != nil {
		a.committed, a.pending = a.pending, nil
	}
	a.checkNonces = make(map[common.Address]uint64, len(a.committed.Nonces))
	for k, v := range a.committed.Nonces {
		a.checkNonces[k] = v
	}
	return &abci.ResponseCommit{}, nil
}

func attr(k, v string) abci.EventAttribute { return abci.EventAttribute{Key: k, Value: v, Index: true} }

// deliver executes one tx of the block, producing the ExecTxResult Cosmos EVM would.
func (bc *blockCtx) deliver(txBytes []byte) *abci.ExecTxResult {
	d, code, log := decode(txBytes)
	if code == codeOK {
		if want := bc.state.Nonces[d.sender]; d.eth.Nonce() != want {
			code, log = codeBadNonce, fmt.Sprintf("invalid nonce: got %d, expected %d", d.eth.Nonce(), want)
		}
	}
	if code != codeOK {
		// The ante handler failed: no events, no data (as the Cosmos SDK reports a failed tx).
		res := &abci.ExecTxResult{Code: code, Codespace: codespace, Log: log}
		if d.eth != nil {
			res.GasWanted = int64(d.eth.Gas())
		}
		return res
	}
	eth, to := d.eth, *d.eth.To()
	bc.state.Nonces[d.sender]++
	bc.state.EthTxs++

	call := Call(d.sender, to, eth.Data())
	gasUsed := d.intrinsic + call.ExecGas
	if gasUsed > eth.Gas() {
		call = CallResult{VMError: "out of gas"}
		gasUsed = eth.Gas()
	}
	if call.VMError == "" && (to == RelayContract || to == RogueContract) && len(call.Logs) > 0 {
		bc.state.Settlements++
	}

	ethHash := eth.Hash()
	blockHashHex := common.BytesToHash(bc.hash).Hex()
	resp := MsgEthereumTxResponse{
		Hash:           ethHash.Hex(),
		Ret:            call.Ret,
		VMError:        call.VMError,
		GasUsed:        gasUsed,
		MaxUsedGas:     gasUsed,
		BlockHash:      bc.hash,
		BlockTimestamp: bc.time,
	}
	if call.VMError == "" {
		for _, l := range call.Logs {
			topics := make([]string, len(l.Topics))
			for i, t := range l.Topics {
				topics[i] = t.Hex()
			}
			resp.Logs = append(resp.Logs, Log{
				Address:        l.Address.Hex(),
				Topics:         topics,
				Data:           l.Data,
				BlockNumber:    uint64(bc.height),
				TxHash:         ethHash.Hex(),
				TxIndex:        bc.ethTxIdx,
				BlockHash:      blockHashHex,
				Index:          bc.logIdx,
				BlockTimestamp: bc.time,
			})
			bc.logIdx++
		}
	}
	txIdx := bc.ethTxIdx
	bc.ethTxIdx++

	data := MarshalTxMsgData([]Any{{TypeURL: TypeURLMsgEthereumTxResponse, Value: resp.Marshal()}})
	return &abci.ExecTxResult{
		Code:      0, // also when the EVM call failed: the Cosmos EVM revert trap
		Data:      data,
		GasWanted: int64(eth.Gas()),
		GasUsed:   int64(gasUsed),
		Events:    txEvents(d, txBytes, resp, txIdx),
	}
}

// txEvents lists the events in the order a Cosmos EVM chain emits them: the ante handler's
// ethereum_tx {ethereumTxHash, txIndex}; the message event baseapp adds {action, sender}; then the
// msg server's ethereum_tx, one tx_log event with a txLog attribute per log, and the message event
// {module, sender, txType}.
func txEvents(d decodedTx, txBytes []byte, resp MsgEthereumTxResponse, txIdx uint64) []abci.Event {
	sender := d.sender.Hex()
	ethTx := []abci.EventAttribute{
		attr("amount", d.eth.Value().String()),
		attr("ethereumTxHash", resp.Hash),
		attr("txIndex", strconv.FormatUint(txIdx, 10)),
		attr("txGasUsed", strconv.FormatUint(resp.GasUsed, 10)),
		attr("txHash", hex.EncodeToString(tmhash.Sum(txBytes))),
		attr("recipient", d.eth.To().Hex()),
	}
	if resp.VMError != "" {
		ethTx = append(ethTx, attr("ethereumTxFailed", resp.VMError))
	}
	txLogs := make([]abci.EventAttribute, 0, len(resp.Logs))
	for _, l := range resp.Logs {
		j, err := json.Marshal(l)
		if err != nil {
			panic(err)
		}
		txLogs = append(txLogs, attr("txLog", string(j)))
	}
	events := []abci.Event{
		{Type: "ethereum_tx", Attributes: []abci.EventAttribute{
			attr("ethereumTxHash", resp.Hash), attr("txIndex", strconv.FormatUint(txIdx, 10))}},
		{Type: "message", Attributes: []abci.EventAttribute{
			attr("action", TypeURLMsgEthereumTx), attr("sender", sender)}},
		{Type: "ethereum_tx", Attributes: ethTx},
	}
	if len(txLogs) > 0 {
		events = append(events, abci.Event{Type: "tx_log", Attributes: txLogs})
	}
	return append(events, abci.Event{Type: "message", Attributes: []abci.EventAttribute{
		attr("module", "evm"), attr("sender", sender), attr("txType", strconv.Itoa(int(d.eth.Type())))}})
}
