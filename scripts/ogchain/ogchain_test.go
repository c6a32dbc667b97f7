package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/tmhash"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

func TestSelectorsAndTopics(t *testing.T) {
	k := func(s string) string { return crypto.Keccak256Hash([]byte(s)).Hex() }
	want := map[string]string{
		k("IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)"): "0x74e71a1981c03bd0c36f3b1227f3ee2a34dca5d6fef25c4b2787e033ab60b782",
		k("BatchSettlement(bytes32,uint256,bytes)"):                                    "0xc2aff8d8a10a4543baabf39bd9ff45e7fc3881d19098df350a3b7f339e911127",
		k("Transfer(address,address,uint256)"):                                         "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
	}
	for got, w := range want {
		if got != w {
			t.Errorf("keccak topic %s, want %s", got, w)
		}
	}
	if got := relayABI.Events["IndividualSettlement"].ID.Hex(); got != "0x74e71a1981c03bd0c36f3b1227f3ee2a34dca5d6fef25c4b2787e033ab60b782" {
		t.Errorf("IndividualSettlement ABI topic %s", got)
	}
	if got := relayABI.Events["BatchSettlement"].ID.Hex(); got != "0xc2aff8d8a10a4543baabf39bd9ff45e7fc3881d19098df350a3b7f339e911127" {
		t.Errorf("BatchSettlement ABI topic %s", got)
	}
	sel := func(s string) string { return hex.EncodeToString(crypto.Keccak256([]byte(s))[:4]) }
	if s := sel("settleIndividual(bytes32,bytes32,bytes32,uint256,address,bytes,bytes)"); s != "90480ad1" ||
		hex.EncodeToString(relayABI.Methods["settleIndividual"].ID) != s {
		t.Errorf("settleIndividual selector %s", s)
	}
	if s := sel("batchSettle(bytes32,uint256,bytes)"); s != "1b243ae6" || hex.EncodeToString(relayABI.Methods["batchSettle"].ID) != s {
		t.Errorf("batchSettle selector %s", s)
	}
}

func h32(b byte) [32]byte { return [32]byte(bytes.Repeat([]byte{b}, 32)) }

func individualCall(t *testing.T) []byte {
	data, err := relayABI.Pack("settleIndividual", h32(0x11), h32(0x22), h32(0x33), big.NewInt(1770000000),
		OtherAddr, []byte("blob-1"), bytes.Repeat([]byte{0xab}, 256))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustTx(t *testing.T, kind string, key string, nonce uint64, to common.Address, data []byte) ([]byte, *ethtypes.Transaction) {
	t.Helper()
	k, _ := parseKey(key)
	eth, err := SignEthTx(kind, k, nonce, to, data, 300_000)
	if err != nil {
		t.Fatal(err)
	}
	cosmos, err := WrapCosmosTx(eth, crypto.PubkeyToAddress(k.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	return cosmos, eth
}

func TestTxRoundTrip(t *testing.T) {
	for _, kind := range []string{"legacy", "2930", "1559"} {
		cosmos, eth := mustTx(t, kind, "relay", 7, RelayContract, individualCall(t))
		d, code, log := decode(cosmos)
		if code != 0 {
			t.Fatalf("%s: code %d %s", kind, code, log)
		}
		if d.sender != RelayAddr || d.eth.Hash() != eth.Hash() || d.eth.Nonce() != 7 || d.eth.Type() != eth.Type() {
			t.Errorf("%s: decoded %+v", kind, d)
		}
		raw, _ := UnmarshalTxRaw(cosmos)
		body, _ := UnmarshalTxBody(raw.BodyBytes)
		if len(raw.Signatures) != 0 || len(body.ExtensionOptions) != 1 || body.ExtensionOptions[0].TypeURL != TypeURLExtensionOptionsEthTx {
			t.Errorf("%s: body %+v, %d signatures", kind, body, len(raw.Signatures))
		}
		// from must be the recovered signer.
		msg, _ := UnmarshalMsgEthereumTx(body.Messages[0].Value)
		msg.From = OtherAddr.Bytes()
		body.Messages[0].Value = msg.Marshal()
		raw.BodyBytes = body.Marshal()
		if _, code, _ := decode(raw.Marshal()); code != codeBadSender {
			t.Errorf("%s: wrong from accepted (code %d)", kind, code)
		}
	}
	// The pre-v0.5 layout (field 1 = Any data) is refused.
	old := TxBody{Messages: []Any{{TypeURL: TypeURLMsgEthereumTx, Value: putBytes(nil, 1, []byte{1})}}}
	if _, code, _ := decode(TxRaw{BodyBytes: old.Marshal()}.Marshal()); code != codeTxDecode {
		t.Errorf("reserved field accepted (code %d)", code)
	}
	// Another chain id is refused.
	k, _ := parseKey("relay")
	wrong, _ := ethtypes.SignNewTx(k, ethtypes.LatestSignerForChainID(big.NewInt(1)),
		&ethtypes.DynamicFeeTx{ChainID: big.NewInt(1), Gas: 50_000, To: &TokenContract, GasFeeCap: big.NewInt(1), GasTipCap: big.NewInt(1)})
	wc, _ := WrapCosmosTx(wrong, RelayAddr)
	if _, code, _ := decode(wc); code != codeWrongChainID {
		t.Errorf("chain id 1 accepted (code %d)", code)
	}

	resp := MsgEthereumTxResponse{
		Hash: "0x" + strings.Repeat("ab", 32),
		Logs: []Log{{Address: TokenContract.Hex(), Topics: []string{"0x" + strings.Repeat("01", 32)}, Data: []byte{1, 2},
			BlockNumber: 9, TxHash: "0x" + strings.Repeat("ab", 32), TxIndex: 1, BlockHash: "0x" + strings.Repeat("cd", 32),
			Index: 3, Removed: true, BlockTimestamp: 1770000000}},
		Ret: []byte{9}, VMError: "execution reverted", GasUsed: 21000, MaxUsedGas: 21001, BlockHash: bytes.Repeat([]byte{0xcd}, 32), BlockTimestamp: 1770000000,
	}
	data := MarshalTxMsgData([]Any{{TypeURL: TypeURLMsgEthereumTxResponse, Value: resp.Marshal()}})
	anys, err := UnmarshalTxMsgData(data)
	if err != nil || len(anys) != 1 || anys[0].TypeURL != TypeURLMsgEthereumTxResponse {
		t.Fatalf("TxMsgData: %v %+v", err, anys)
	}
	back, err := UnmarshalMsgEthereumTxResponse(anys[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	bj, _ := json.Marshal(back)
	rj, _ := json.Marshal(resp)
	if !bytes.Equal(bj, rj) {
		t.Errorf("response round trip:\n%s\n%s", bj, rj)
	}
}

// TestCronosCrossCheck checks the encoders and decoders against bytes a real Ethermint chain (the
// predecessor of Cosmos EVM) produced: see testdata/cronos_testnet_5168311.json for the source.
func TestCronosCrossCheck(t *testing.T) {
	var fx struct {
		BlockHash  string `json:"block_hash"`
		Height     uint64 `json:"height"`
		TxBase64   string `json:"tx_base64"`
		TxHash     string `json:"tx_hash"`
		EthTxHash  string `json:"eth_tx_hash"`
		DataBase64 string `json:"result_data_base64"`
		GasUsed    uint64 `json:"gas_used"`
		GasWanted  uint64 `json:"gas_wanted"`
		TxLog      string `json:"tx_log"`
	}
	b, err := os.ReadFile("testdata/cronos_testnet_5168311.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	txBytes, _ := base64.StdEncoding.DecodeString(fx.TxBase64)
	if got := strings.ToUpper(hex.EncodeToString(tmhash.Sum(txBytes))); got != fx.TxHash {
		t.Errorf("CometBFT tx hash %s, want %s", got, fx.TxHash)
	}

	// TxRaw / TxBody / AuthInfo: decode, and re-encode to the same bytes.
	raw, err := UnmarshalTxRaw(txBytes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw.Marshal(), txBytes) {
		t.Error("TxRaw re-encoding differs")
	}
	body, err := UnmarshalTxBody(raw.BodyBytes)
	if err != nil {
		t.Fatal(err)
	}
	if len(body.Messages) != 1 || body.Messages[0].TypeURL != "/ethermint.evm.v1.MsgEthereumTx" ||
		len(body.ExtensionOptions) != 1 || body.ExtensionOptions[0].TypeURL != "/ethermint.evm.v1.ExtensionOptionsEthereumTx" {
		t.Errorf("body %+v", body)
	}
	if !bytes.Equal(body.Marshal(), raw.BodyBytes) {
		t.Error("TxBody re-encoding differs")
	}
	auth := AuthInfo{FeeAmount: []Coin{{Denom: "basetcro", Amount: "244170000000000000"}}, GasLimit: fx.GasWanted}
	if !bytes.Equal(auth.Marshal(), raw.AuthInfoBytes) {
		t.Errorf("AuthInfo: ours %x, chain's %x", auth.Marshal(), raw.AuthInfoBytes)
	}

	// ExecTxResult.Data: TxMsgData → Any → MsgEthereumTxResponse → Log.
	data, _ := base64.StdEncoding.DecodeString(fx.DataBase64)
	anys, err := UnmarshalTxMsgData(data)
	if err != nil || len(anys) != 1 || anys[0].TypeURL != "/ethermint.evm.v1.MsgEthereumTxResponse" {
		t.Fatalf("TxMsgData: %v %+v", err, anys)
	}
	resp, err := UnmarshalMsgEthereumTxResponse(anys[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Hash != fx.EthTxHash || resp.GasUsed != fx.GasUsed || resp.VMError != "" || len(resp.Logs) != 1 ||
		!bytes.Equal(resp.Ret, common.LeftPadBytes([]byte{1}, 32)) {
		t.Errorf("response %+v", resp)
	}
	if !bytes.Equal(MarshalTxMsgData([]Any{{TypeURL: anys[0].TypeURL, Value: resp.Marshal()}}), data) {
		t.Error("TxMsgData/MsgEthereumTxResponse/Log re-encoding differs from the chain's bytes")
	}
	l := resp.Logs[0]
	if l.BlockHash != "0x"+strings.ToLower(fx.BlockHash) || l.BlockNumber != fx.Height || l.TxHash != fx.EthTxHash {
		t.Errorf("log %+v", l)
	}
	// txLog attribute: the same JSON text, plus og-evm's field 10 (absent from Ethermint's Log).
	j, _ := json.Marshal(l)
	want := strings.TrimSuffix(fx.TxLog, "}") + `,"blockTimestamp":0}`
	if string(j) != want {
		t.Errorf("txLog JSON\n got %s\nwant %s", j, want)
	}
}

func finalize(t *testing.T, app *App, height int64, txs ...[]byte) *abci.ResponseFinalizeBlock {
	t.Helper()
	res, err := app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{
		Txs: txs, Height: height, Hash: bytes.Repeat([]byte{byte(height)}, 32), Time: time.Unix(1770000000+height, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
		t.Fatal(err)
	}
	return res
}

func response(t *testing.T, r *abci.ExecTxResult) MsgEthereumTxResponse {
	t.Helper()
	anys, err := UnmarshalTxMsgData(r.Data)
	if err != nil || len(anys) != 1 {
		t.Fatalf("data: %v", err)
	}
	resp, err := UnmarshalMsgEthereumTxResponse(anys[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func attrs(r *abci.ExecTxResult, typ string) map[string][]string {
	out := map[string][]string{}
	for _, e := range r.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if !a.Index {
				panic("unindexed attribute")
			}
			out[a.Key] = append(out[a.Key], a.Value)
		}
	}
	return out
}

func TestAppBlock(t *testing.T) {
	batch, _ := relayABI.Pack("batchSettle", h32(0x5f), big.NewInt(2), []byte("blob-b"))
	transfer, _ := tokenABI.Pack("transfer", RelayAddr, big.NewInt(5))
	tx0, eth0 := mustTx(t, "1559", "relay", 0, RelayContract, individualCall(t))
	tx1, _ := mustTx(t, "legacy", "relay", 1, RelayContract, batch)
	tx2, _ := mustTx(t, "1559", "other", 0, RelayContract, batch)    // reverts: no role
	tx3, _ := mustTx(t, "2930", "other", 1, RogueContract, batch)    // another relay: anyone
	tx4, _ := mustTx(t, "1559", "noise", 5, TokenContract, transfer) // bad nonce
	tx5, _ := mustTx(t, "1559", "noise", 0, TokenContract, transfer) // unrelated transfer

	app := NewApp()
	res := finalize(t, app, 1, tx0, tx1, tx2, tx3, tx4, tx5)
	codes := []uint32{}
	for _, r := range res.TxResults {
		codes = append(codes, r.Code)
	}
	if want := []uint32{0, 0, 0, 0, codeBadNonce, 0}; !equalU32(codes, want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}

	r0 := response(t, res.TxResults[0])
	if r0.Hash != eth0.Hash().Hex() || r0.VMError != "" || len(r0.Logs) != 2 {
		t.Fatalf("tx0 response %+v", r0)
	}
	if r0.Logs[0].Address != TokenContract.Hex() || r0.Logs[0].Topics[0] != tokenABI.Events["Transfer"].ID.Hex() ||
		r0.Logs[1].Address != RelayContract.Hex() || r0.Logs[1].Topics[0] != "0x74e71a1981c03bd0c36f3b1227f3ee2a34dca5d6fef25c4b2787e033ab60b782" ||
		r0.Logs[1].Topics[1] != "0x"+strings.Repeat("11", 32) ||
		r0.Logs[1].Topics[2] != common.BytesToHash(OtherAddr.Bytes()).Hex() {
		t.Errorf("tx0 logs %+v", r0.Logs)
	}
	vals, err := relayABI.Events["IndividualSettlement"].Inputs.NonIndexed().Unpack(r0.Logs[1].Data)
	if err != nil || vals[0].([32]byte) != h32(0x22) || vals[2].(*big.Int).Int64() != 1770000000 || string(vals[3].([]byte)) != "blob-1" ||
		len(vals[4].([]byte)) != 256 {
		t.Errorf("IndividualSettlement data: %v %v", err, vals)
	}
	if r0.Logs[1].Index != 1 || r0.Logs[1].TxIndex != 0 || r0.Logs[1].BlockNumber != 1 ||
		r0.Logs[1].BlockHash != common.BytesToHash(bytes.Repeat([]byte{1}, 32)).Hex() {
		t.Errorf("tx0 log fields %+v", r0.Logs[1])
	}
	a0 := attrs(res.TxResults[0], "ethereum_tx")
	if a0["ethereumTxHash"][0] != eth0.Hash().Hex() || a0["txHash"][0] != hex.EncodeToString(tmhash.Sum(tx0)) ||
		a0["recipient"][0] != RelayContract.Hex() || len(a0["ethereumTxFailed"]) != 0 {
		t.Errorf("tx0 ethereum_tx %v", a0)
	}
	if logs := attrs(res.TxResults[0], "tx_log")["txLog"]; len(logs) != 2 {
		t.Errorf("tx0 tx_log %v", logs)
	} else {
		var l Log
		if err := json.Unmarshal([]byte(logs[1]), &l); err != nil || l.Topics[0] != r0.Logs[1].Topics[0] || !bytes.Equal(l.Data, r0.Logs[1].Data) {
			t.Errorf("txLog %s: %v", logs[1], err)
		}
	}

	// The revert trap: code 0, vm_error, Error(string) data, no logs, ethereumTxFailed.
	r2 := response(t, res.TxResults[2])
	if r2.VMError != "execution reverted" || len(r2.Logs) != 0 || !bytes.Equal(r2.Ret[:4], errorSelector) {
		t.Errorf("tx2 response %+v", r2)
	}
	reason, err := stringArgs.Unpack(r2.Ret[4:])
	if err != nil || !strings.Contains(reason[0].(string), "is missing role "+settlementRelayRole.Hex()) {
		t.Errorf("revert reason %v %v", reason, err)
	}
	if f := attrs(res.TxResults[2], "ethereum_tx")["ethereumTxFailed"]; len(f) != 1 || f[0] != "execution reverted" {
		t.Errorf("tx2 ethereumTxFailed %v", f)
	}
	if len(attrs(res.TxResults[2], "tx_log")) != 0 {
		t.Error("reverted tx has tx_log")
	}
	r3 := response(t, res.TxResults[3])
	if r3.VMError != "" || len(r3.Logs) != 2 || r3.Logs[1].Address != RogueContract.Hex() || r3.Logs[0].Index != 4 || r3.Logs[0].TxIndex != 3 {
		t.Errorf("tx3 response %+v", r3)
	}
	if len(res.TxResults[4].Events) != 0 || res.TxResults[4].Data != nil {
		t.Error("rejected tx has events or data")
	}
	if r5 := response(t, res.TxResults[5]); r5.Logs[0].TxIndex != 4 || r5.Logs[0].Index != 6 {
		t.Errorf("tx5 log indices %+v", r5.Logs[0])
	}

	// Deterministic app hash, nonces as committed.
	again := NewApp()
	if res2 := finalize(t, again, 1, tx0, tx1, tx2, tx3, tx4, tx5); !bytes.Equal(res2.AppHash, res.AppHash) {
		t.Error("app hash not deterministic")
	}
	q, _ := app.Query(context.Background(), &abci.RequestQuery{Path: "/nonce", Data: RelayAddr.Bytes()})
	q2, _ := app.Query(context.Background(), &abci.RequestQuery{Path: "/nonce", Data: []byte(OtherAddr.Hex())})
	if string(q.Value) != "2" || string(q2.Value) != "2" {
		t.Errorf("nonces %s %s", q.Value, q2.Value)
	}
	info, _ := app.Info(context.Background(), &abci.RequestInfo{})
	if info.LastBlockHeight != 1 || !bytes.Equal(info.LastBlockAppHash, res.AppHash) {
		t.Errorf("info %+v", info)
	}
	// CheckTx sequences nonces on top of the committed state.
	c1, _ := mustTx(t, "1559", "relay", 2, TokenContract, transfer)
	c2, _ := mustTx(t, "1559", "relay", 2, RelayContract, batch)
	if r, _ := app.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: c1}); r.Code != 0 {
		t.Errorf("CheckTx c1 %+v", r)
	}
	if r, _ := app.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: c2}); r.Code != codeBadNonce {
		t.Errorf("CheckTx c2 %+v", r)
	}
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
