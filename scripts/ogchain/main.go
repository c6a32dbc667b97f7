// Command ogchain is an OpenGradient-shaped test chain: a CometBFT v0.38 node running an in-process
// ABCI app whose transactions and results have Cosmos EVM's shapes (see README.md). Test tooling
// for lightcheck; never shipped.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	cmtcmd "github.com/cometbft/cometbft/cmd/cometbft/commands"
	cfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/libs/cli"
	"github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"
)

// newNode is the node provider: DefaultNewNode with the app in-process.
func newNode(config *cfg.Config, logger log.Logger) (*nm.Node, error) {
	nodeKey, err := p2p.LoadOrGenNodeKey(config.NodeKeyFile())
	if err != nil {
		return nil, fmt.Errorf("failed to load or gen node key %s: %w", config.NodeKeyFile(), err)
	}
	return nm.NewNode(config,
		privval.LoadOrGenFilePV(config.PrivValidatorKeyFile(), config.PrivValidatorStateFile()),
		nodeKey,
		proxy.NewLocalClientCreator(NewApp()),
		nm.DefaultGenesisDocProviderFunc(config),
		cfg.DefaultDBProvider,
		nm.DefaultMetricsProvider(config.Instrumentation),
		logger,
	)
}

func noConfig(*cobra.Command, []string) error { return nil }

func main() {
	root := cmtcmd.RootCmd
	root.Use, root.Short = "ogchain", "OpenGradient-shaped CometBFT test chain (Cosmos EVM tx and result shapes)"
	root.AddCommand(
		cmtcmd.InitFilesCmd,
		cmtcmd.TestnetFilesCmd,
		cmtcmd.ShowNodeIDCmd,
		cmtcmd.ShowValidatorCmd,
		cmtcmd.ResetAllCmd,
		cmtcmd.VersionCmd,
		cmtcmd.NewRunNodeCmd(newNode), // "start", alias "node"
		addressesCmd(),
		txCmd(),
		noiseCmd(),
	)
	cmd := cli.PrepareBaseCmd(root, "CMT", os.ExpandEnv(filepath.Join("$HOME", cfg.DefaultTendermintDir)))
	if err := cmd.Execute(); err != nil {
		os.Exit(1)
	}
}

type keyInfo struct {
	Address    string `json:"address"`
	PrivateKey string `json:"private_key"`
}

func addressesCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "addresses",
		Short:             "Print the fixed contract addresses, test keys, selectors and topics as JSON",
		PersistentPreRunE: noConfig,
		RunE: func(*cobra.Command, []string) error {
			key := func(name string) keyInfo {
				pk := TestKey(name)
				return keyInfo{crypto.PubkeyToAddress(pk.PublicKey).Hex(), "0x" + hex.EncodeToString(crypto.FromECDSA(pk))}
			}
			out := map[string]any{
				"chain_id": ChainID,
				"keys": map[string]keyInfo{
					"relay": key("relay"), "other": key("other"),
					"noise": key("noise"), "deployer": key("deployer"),
				},
				"contracts": map[string]string{
					"relay": RelayContract.Hex(), "rogue": RogueContract.Hex(), "token": TokenContract.Hex(),
				},
				"selectors": map[string]string{
					"settleIndividual": "0x" + hex.EncodeToString(relayABI.Methods["settleIndividual"].ID),
					"batchSettle":      "0x" + hex.EncodeToString(relayABI.Methods["batchSettle"].ID),
					"transfer":         "0x" + hex.EncodeToString(tokenABI.Methods["transfer"].ID),
				},
				"topics": map[string]string{
					"IndividualSettlement": relayABI.Events["IndividualSettlement"].ID.Hex(),
					"BatchSettlement":      relayABI.Events["BatchSettlement"].ID.Hex(),
					"Transfer":             tokenABI.Events["Transfer"].ID.Hex(),
				},
				"settlement_relay_role": settlementRelayRole.Hex(),
				"settlement_fee":        SettlementFee.String(),
			}
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
}

func txCmd() *cobra.Command {
	var node, kind, contract, from string
	var wait time.Duration
	tx := &cobra.Command{
		Use:               "tx",
		Short:             "Build, sign, broadcast a tx and wait until committed; prints one JSON line",
		PersistentPreRunE: noConfig,
	}
	tx.PersistentFlags().StringVar(&node, "node", "http://127.0.2.1:26657", "CometBFT RPC URL")
	tx.PersistentFlags().StringVar(&kind, "type", "1559", "Ethereum tx type: legacy, 2930 or 1559")
	tx.PersistentFlags().StringVar(&contract, "contract", "", "relay, rogue, token or 0xADDR (default: relay; token for transfer)")
	tx.PersistentFlags().StringVar(&from, "from", "relay", "sender key: relay, other, noise or 0x private key")
	tx.PersistentFlags().DurationVar(&wait, "wait", 30*time.Second, "how long to wait for the tx to be committed")

	send := func(defContract string, data []byte, gas uint64) error {
		if contract == "" {
			contract = defContract
		}
		to, err := parseContract(contract)
		if err != nil {
			return err
		}
		key, err := parseKey(from)
		if err != nil {
			return err
		}
		sender := crypto.PubkeyToAddress(key.PublicKey)
		rpc := newRPC(node)
		nonce, err := rpc.Nonce(sender)
		if err != nil {
			return err
		}
		eth, err := SignEthTx(kind, key, nonce, to, data, gas)
		if err != nil {
			return err
		}
		cosmosTx, err := WrapCosmosTx(eth, sender)
		if err != nil {
			return err
		}
		res, err := rpc.Broadcast(cosmosTx, eth.Hash(), wait)
		if err != nil {
			return err
		}
		line, _ := json.Marshal(res)
		fmt.Println(string(line))
		if res.Code != 0 {
			return fmt.Errorf("tx rejected with code %d: %s", res.Code, res.Log)
		}
		return nil
	}

	var teeID, inputHash, outputHash, ethAddress, signature, blobID, root, to string
	var timestamp, size, value uint64
	individual := &cobra.Command{
		Use:   "individual",
		Short: "settleIndividual(teeId, inputHash, outputHash, timestamp, ethAddress, walrusBlobId, signature)",
		RunE: func(*cobra.Command, []string) error {
			var h [3][32]byte
			for i, s := range []string{teeID, inputHash, outputHash} {
				v, err := parseHash(s)
				if err != nil {
					return err
				}
				h[i] = v
			}
			sig, err := parseBase64(signature)
			if err != nil {
				return err
			}
			if !common.IsHexAddress(ethAddress) {
				return fmt.Errorf("--eth-address %q is not an address", ethAddress)
			}
			data, err := relayABI.Pack("settleIndividual", h[0], h[1], h[2], new(big.Int).SetUint64(timestamp),
				common.HexToAddress(ethAddress), []byte(blobID), sig)
			if err != nil {
				return err
			}
			return send("relay", data, 300_000)
		},
	}
	individual.Flags().StringVar(&teeID, "tee-id", "", "bytes32 teeId (0x hex)")
	individual.Flags().StringVar(&inputHash, "input-hash", "", "bytes32 inputHash (0x hex)")
	individual.Flags().StringVar(&outputHash, "output-hash", "", "bytes32 outputHash (0x hex)")
	individual.Flags().Uint64Var(&timestamp, "timestamp", 0, "uint256 timestamp")
	individual.Flags().StringVar(&signature, "signature", "", "signature bytes (base64)")
	individual.Flags().StringVar(&ethAddress, "eth-address", OtherAddr.Hex(), "user address")
	individual.Flags().StringVar(&blobID, "blob-id", "ogchain-walrus-blob", "Walrus blob id (its UTF-8 bytes go on chain)")
	for _, f := range []string{"tee-id", "input-hash", "output-hash", "timestamp", "signature"} {
		_ = individual.MarkFlagRequired(f)
	}

	batch := &cobra.Command{
		Use:   "batch",
		Short: "batchSettle(merkleRoot, batchSize, walrusBlobId)",
		RunE: func(*cobra.Command, []string) error {
			r, err := parseHash(root)
			if err != nil {
				return err
			}
			data, err := relayABI.Pack("batchSettle", r, new(big.Int).SetUint64(size), []byte(blobID))
			if err != nil {
				return err
			}
			return send("relay", data, 200_000)
		},
	}
	batch.Flags().StringVar(&root, "root", "", "bytes32 Merkle root (0x hex)")
	batch.Flags().Uint64Var(&size, "size", 0, "batch size")
	batch.Flags().StringVar(&blobID, "blob-id", "ogchain-walrus-batch", "Walrus blob id")
	_ = batch.MarkFlagRequired("root")
	_ = batch.MarkFlagRequired("size")

	transfer := &cobra.Command{
		Use:   "transfer",
		Short: "token transfer(to, value)",
		RunE: func(*cobra.Command, []string) error {
			if !common.IsHexAddress(to) {
				return fmt.Errorf("--to %q is not an address", to)
			}
			data, err := tokenABI.Pack("transfer", common.HexToAddress(to), new(big.Int).SetUint64(value))
			if err != nil {
				return err
			}
			return send("token", data, 100_000)
		},
	}
	transfer.Flags().StringVar(&to, "to", OtherAddr.Hex(), "recipient")
	transfer.Flags().Uint64Var(&value, "value", 1, "amount")

	tx.AddCommand(individual, batch, transfer)
	return tx
}

// noiseCmd sends unrelated token transfers at a fixed interval without waiting for them, keeping
// the sender's nonce itself (re-reading it from the chain after a rejection).
func noiseCmd() *cobra.Command {
	var node, from string
	var interval, duration time.Duration
	cmd := &cobra.Command{
		Use:               "noise",
		Short:             "Send unrelated token transfers every --interval for --duration",
		PersistentPreRunE: noConfig,
		RunE: func(*cobra.Command, []string) error {
			key, err := parseKey(from)
			if err != nil {
				return err
			}
			sender := crypto.PubkeyToAddress(key.PublicKey)
			rpc := newRPC(node)
			var nonce uint64
			synced := false
			for end := time.Now().Add(duration); time.Now().Before(end); time.Sleep(interval) {
				if !synced {
					if nonce, err = rpc.Nonce(sender); err != nil {
						fmt.Fprintln(os.Stderr, "noise:", err)
						continue
					}
					synced = true
				}
				data, _ := tokenABI.Pack("transfer", OtherAddr, new(big.Int).SetUint64(nonce+1))
				eth, err := SignEthTx("1559", key, nonce, TokenContract, data, 100_000)
				if err != nil {
					return err
				}
				cosmosTx, err := WrapCosmosTx(eth, sender)
				if err != nil {
					return err
				}
				res, err := rpc.Broadcast(cosmosTx, eth.Hash(), 0)
				if err != nil {
					fmt.Fprintln(os.Stderr, "noise:", err)
					synced = false
					continue
				}
				if res.Code != 0 {
					fmt.Fprintf(os.Stderr, "noise: nonce %d rejected: %s\n", nonce, res.Log)
					synced = false
					continue
				}
				fmt.Printf("noise: nonce %d %s\n", nonce, res.EthTxHash)
				nonce++
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&node, "node", "http://127.0.2.1:26657", "CometBFT RPC URL")
	cmd.Flags().StringVar(&from, "from", "noise", "sender key")
	cmd.Flags().DurationVar(&interval, "interval", 500*time.Millisecond, "time between transfers")
	cmd.Flags().DurationVar(&duration, "duration", time.Hour, "how long to run")
	return cmd
}
