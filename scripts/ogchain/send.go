package main

// Building, signing and broadcasting transactions, and following them until committed.

import (
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto/tmhash"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	gasPrice  = big.NewInt(10_000_000_000) // 10 gwei (legacy, 2930; the 1559 fee cap)
	gasTipCap = big.NewInt(1_000_000_000)  // 1 gwei
)

// SignEthTx builds and signs a call of the given type: "legacy", "2930" or "1559".
func SignEthTx(kind string, key *ecdsa.PrivateKey, nonce uint64, to common.Address, data []byte, gas uint64) (*ethtypes.Transaction, error) {
	var txdata ethtypes.TxData
	switch kind {
	case "legacy":
		txdata = &ethtypes.LegacyTx{Nonce: nonce, GasPrice: gasPrice, Gas: gas, To: &to, Value: new(big.Int), Data: data}
	case "2930":
		txdata = &ethtypes.AccessListTx{ChainID: chainIDBig, Nonce: nonce, GasPrice: gasPrice, Gas: gas, To: &to,
			Value: new(big.Int), Data: data, AccessList: ethtypes.AccessList{{Address: to, StorageKeys: []common.Hash{{}}}}}
	case "1559":
		txdata = &ethtypes.DynamicFeeTx{ChainID: chainIDBig, Nonce: nonce, GasTipCap: gasTipCap, GasFeeCap: gasPrice,
			Gas: gas, To: &to, Value: new(big.Int), Data: data}
	default:
		return nil, fmt.Errorf("unknown tx type %q (legacy, 2930 or 1559)", kind)
	}
	return ethtypes.SignNewTx(key, ethtypes.LatestSignerForChainID(chainIDBig), txdata)
}

// WrapCosmosTx wraps a signed Ethereum tx the way Cosmos EVM's MsgEthereumTx.BuildTx does: one
// MsgEthereumTx{from, raw} message, the ExtensionOptionsEthereumTx extension option, an AuthInfo
// with only the fee (gas limit × gas price, in the EVM denom) and gas limit, and no signatures.
func WrapCosmosTx(tx *ethtypes.Transaction, from common.Address) ([]byte, error) {
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	msg := MsgEthereumTx{From: from.Bytes(), Raw: raw}
	body := TxBody{
		Messages:         []Any{{TypeURL: TypeURLMsgEthereumTx, Value: msg.Marshal()}},
		ExtensionOptions: []Any{{TypeURL: TypeURLExtensionOptionsEthTx}},
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(tx.Gas()), tx.GasFeeCap())
	auth := AuthInfo{GasLimit: tx.Gas()}
	if fee.Sign() > 0 {
		auth.FeeAmount = []Coin{{Denom: EVMDenom, Amount: fee.String()}}
	}
	return TxRaw{BodyBytes: body.Marshal(), AuthInfoBytes: auth.Marshal()}.Marshal(), nil
}

// ---- CometBFT RPC (URI form)

type rpcClient struct {
	base string
	http *http.Client
}

func newRPC(node string) *rpcClient {
	return &rpcClient{base: strings.TrimRight(node, "/"), http: &http.Client{Timeout: 5 * time.Second}}
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (c *rpcClient) call(method string, params url.Values, out any) error {
	resp, err := c.http.Get(c.base + "/" + method + "?" + params.Encode())
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  *rpcError       `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	if env.Error != nil {
		return fmt.Errorf("%s: %s %s", method, env.Error.Message, env.Error.Data)
	}
	return json.Unmarshal(env.Result, out)
}

// Nonce asks the app for addr's next nonce (abci_query path "/nonce").
func (c *rpcClient) Nonce(addr common.Address) (uint64, error) {
	var r struct {
		Response struct {
			Code  uint32 `json:"code"`
			Log   string `json:"log"`
			Value []byte `json:"value"`
		} `json:"response"`
	}
	p := url.Values{"path": {`"/nonce"`}, "data": {"0x" + hex.EncodeToString(addr.Bytes())}}
	if err := c.call("abci_query", p, &r); err != nil {
		return 0, err
	}
	if r.Response.Code != 0 {
		return 0, fmt.Errorf("abci_query /nonce: code %d: %s", r.Response.Code, r.Response.Log)
	}
	return strconv.ParseUint(string(r.Response.Value), 10, 64)
}

// SendResult is the one JSON line `ogchain tx` prints.
type SendResult struct {
	EthTxHash string `json:"eth_tx_hash"`
	TxHash    string `json:"tx_hash"`
	Height    int64  `json:"height"`
	Index     uint32 `json:"index"`
	Code      uint32 `json:"code"`
	VMError   string `json:"vm_error"`
	Log       string `json:"log,omitempty"`
}

// Broadcast sends the Cosmos tx with broadcast_tx_sync and polls /tx until it is committed (at
// most `wait`; not at all when wait <= 0). A CheckTx rejection is returned as a result with its code and log.
func (c *rpcClient) Broadcast(cosmosTx []byte, ethHash common.Hash, wait time.Duration) (SendResult, error) {
	res := SendResult{EthTxHash: ethHash.Hex(), TxHash: strings.ToUpper(hex.EncodeToString(tmhash.Sum(cosmosTx)))}
	var b struct {
		Code uint32 `json:"code"`
		Log  string `json:"log"`
	}
	if err := c.call("broadcast_tx_sync", url.Values{"tx": {"0x" + hex.EncodeToString(cosmosTx)}}, &b); err != nil {
		return res, err
	}
	if b.Code != 0 || wait <= 0 {
		res.Code, res.Log = b.Code, b.Log
		return res, nil
	}
	deadline := time.Now().Add(wait)
	for {
		var t struct {
			Height   string `json:"height"`
			Index    uint32 `json:"index"`
			TxResult struct {
				Code uint32 `json:"code"`
				Data []byte `json:"data"`
				Log  string `json:"log"`
			} `json:"tx_result"`
		}
		err := c.call("tx", url.Values{"hash": {"0x" + res.TxHash}}, &t)
		if err == nil {
			res.Height, _ = strconv.ParseInt(t.Height, 10, 64)
			res.Index, res.Code, res.Log = t.Index, t.TxResult.Code, t.TxResult.Log
			if t.TxResult.Code == 0 {
				anys, err := UnmarshalTxMsgData(t.TxResult.Data)
				if err != nil || len(anys) != 1 {
					return res, fmt.Errorf("tx result data: %v (%d responses)", err, len(anys))
				}
				r, err := UnmarshalMsgEthereumTxResponse(anys[0].Value)
				if err != nil {
					return res, err
				}
				res.VMError = r.VMError
			}
			return res, nil
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("tx %s not committed within %s: %w", res.TxHash, wait, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// ---- argument parsing

func parseHash(s string) ([32]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != 32 {
		return [32]byte{}, fmt.Errorf("%q is not a 32-byte 0x hex value", s)
	}
	return [32]byte(b), nil
}

func parseKey(name string) (*ecdsa.PrivateKey, error) {
	switch name {
	case "relay":
		return RelayKey, nil
	case "other":
		return OtherKey, nil
	case "noise":
		return NoiseKey, nil
	}
	b, err := hex.DecodeString(strings.TrimPrefix(name, "0x"))
	if err == nil && len(b) == 32 {
		return crypto.ToECDSA(b)
	}
	return nil, fmt.Errorf("--from %q: relay, other, noise or a 0x private key", name)
}

func parseContract(name string) (common.Address, error) {
	switch name {
	case "relay":
		return RelayContract, nil
	case "rogue":
		return RogueContract, nil
	case "token":
		return TokenContract, nil
	}
	if common.IsHexAddress(name) {
		return common.HexToAddress(name), nil
	}
	return common.Address{}, fmt.Errorf("--contract %q: relay, rogue, token or a 0x address", name)
}

func parseBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return nil, errors.New("--signature is not base64")
}
